package cluster

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// ServerConfig is a JetStream server of the cluster (serve, embedded
// mode, tests).
type ServerConfig struct {
	// Listen is the clients' HOST:PORT (port 0: any free port).
	Listen string
	// StoreDir keeps JetStream's data.
	StoreDir string
	// Users are the public NKeys allowed to connect.
	Users []string
	// TLS of client connections (and of routes when clustered); required
	// when Listen or ClusterListen is not loopback.
	TLSCert, TLSKey, TLSCA string
	// Name is the server's name (unique in a cluster).
	Name string
	// ClusterName, ClusterListen and Routes join other servers into a
	// JetStream cluster (three for losing one without losing data).
	ClusterName   string
	ClusterListen string
	Routes        []string
	// RouteSecret admits routes: the same on every server of the cluster
	// (LoadRouteSecret reads serve's --route-secret). Required with
	// ClusterListen; the Routes must not carry credentials of their own.
	RouteSecret []byte
	// Log sends the server's log to stderr.
	Log bool
}

func splitHostPort(hp string) (string, int, error) {
	host, p, err := net.SplitHostPort(hp)
	if err != nil {
		return "", 0, fmt.Errorf("bad address %q: %v", hp, err)
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		return "", 0, fmt.Errorf("bad port in %q", hp)
	}
	if port == 0 {
		port = -1 // the server's "any free port"
	}
	return host, port, nil
}

// routeUser is the user name routes authenticate with; the password is
// derived from the route secret.
const routeUser = "procstar-route"

// routePassword is the password routes present: a hash of the secret, not
// the secret itself, so that whatever bytes the file holds make a plain
// password (one starting with "$2" would be taken by the NATS server for a
// bcrypt hash, and no route would verify), and a route in clear on
// loopback does not show the file's contents.
func routePassword(secret []byte) string {
	h := sha256.New()
	h.Write([]byte("procstar-cluster route secret\x00"))
	h.Write(secret)
	return hex.EncodeToString(h.Sum(nil))
}

// redactUserinfo is a route URL fit for an error message: any user and
// password in it hidden.
func redactUserinfo(r string) string {
	if i, j := strings.Index(r, "://"), strings.LastIndex(r, "@"); i >= 0 && j > i {
		return r[:i+3] + "REDACTED" + r[j:]
	}
	return r
}

// StartServer runs a server in this process and returns once it accepts
// clients. Shutdown stops it.
func StartServer(c ServerConfig) (*server.Server, error) {
	if len(c.Users) == 0 {
		return nil, errors.New("the server needs at least one user NKey (--auth FILE)")
	}
	host, port, err := splitHostPort(c.Listen)
	if err != nil {
		return nil, err
	}
	tlsOn := c.TLSCert != "" && c.TLSKey != ""
	if !isLoopback(host) && !tlsOn {
		return nil, fmt.Errorf("refusing to listen on %s without TLS: only a loopback address may be plaintext (give --tls-cert and --tls-key)", c.Listen)
	}
	o := &server.Options{
		ServerName: c.Name, Host: host, Port: port,
		JetStream: true, StoreDir: c.StoreDir,
		NoSigs: true, NoLog: !c.Log, Debug: false,
	}
	for _, u := range c.Users {
		o.Nkeys = append(o.Nkeys, &server.NkeyUser{Nkey: u})
	}
	if tlsOn {
		tc, err := server.GenTLSConfig(&server.TLSConfigOpts{CertFile: c.TLSCert, KeyFile: c.TLSKey, CaFile: c.TLSCA, Verify: c.TLSCA != ""})
		if err != nil {
			return nil, fmt.Errorf("TLS: %w", err)
		}
		o.TLSConfig, o.TLS, o.TLSVerify = tc, true, c.TLSCA != ""
	}
	if c.ClusterListen != "" {
		chost, cport, err := splitHostPort(c.ClusterListen)
		if err != nil {
			return nil, err
		}
		if !isLoopback(chost) && !tlsOn {
			return nil, fmt.Errorf("refusing cluster routes on %s without TLS", c.ClusterListen)
		}
		if len(c.RouteSecret) == 0 {
			// Routes take no NKey: without a secret, the route port
			// admits whoever reaches it (on loopback, any local user) as
			// a server of the cluster, which receives every message
			// (heartbeats, jobs, tasks, shared objects) without the
			// login every client needs.
			return nil, errNoRouteSecret
		}
		if tlsOn && c.TLSCA == "" {
			// Verified against the system's roots, any publicly trusted
			// certificate would pass for a server of the cluster, and a
			// route would hand it the route secret; only the cluster's
			// own CA may vouch for a peer.
			return nil, errors.New("cluster routes over TLS need --tls-ca: the servers admit each other by certificates that CA signed")
		}
		// A route, dialled or accepted, must present the user and the
		// password derived from the shared secret; the server also uses
		// them for the routes it learns of from its peers.
		pass := routePassword(c.RouteSecret)
		o.Cluster = server.ClusterOpts{Name: c.ClusterName, Host: chost, Port: cport, Username: routeUser, Password: pass}
		if tlsOn {
			tc, err := server.GenTLSConfig(&server.TLSConfigOpts{CertFile: c.TLSCert, KeyFile: c.TLSKey, CaFile: c.TLSCA, Verify: true})
			if err != nil {
				return nil, fmt.Errorf("route TLS: %w", err)
			}
			o.Cluster.TLSConfig = tc
		}
		for _, r := range c.Routes {
			routes := server.RoutesFromStr(r)
			// A route carries every message of the cluster (jobs, tasks,
			// the shared objects): off loopback it must be TLS, as the
			// listeners are.
			for _, u := range routes {
				if u == nil || u.Host == "" {
					return nil, fmt.Errorf("bad route URL in %q (want nats-route://HOST:PORT)", redactUserinfo(r))
				}
				if u.User != nil {
					// A command line is visible to every user of the
					// machine (ps): the secret comes from its file.
					return nil, fmt.Errorf("route URL to %s carries credentials: give none in --routes, the route secret is --route-secret FILE", u.Host)
				}
				if !isLoopback(u.Hostname()) && !tlsOn {
					return nil, fmt.Errorf("refusing a plaintext route to %s, which is not this machine's loopback (give --tls-cert and --tls-key)", u.Host)
				}
			}
			for _, u := range routes {
				u.User = url.UserPassword(routeUser, pass)
			}
			o.Routes = append(o.Routes, routes...)
		}
	}
	s, err := server.NewServer(o)
	if err != nil {
		return nil, err
	}
	if c.Log {
		s.ConfigureLogger()
	}
	go s.Start()
	if !s.ReadyForConnections(30 * time.Second) {
		s.Shutdown()
		return nil, errors.New("the NATS server did not start within 30 s")
	}
	return s, nil
}

// Embedded is the one-machine cluster of --cluster embedded: a server on
// loopback with a fresh key, made for this run, and its data in a
// temporary directory.
type Embedded struct {
	Server *server.Server
	Conn   Conn   // how to connect (URL, creds file holding the fresh seed)
	dir    string // temporary: the seed and the store
}

// StartEmbedded starts an embedded cluster server. Close removes it.
func StartEmbedded() (*Embedded, error) {
	dir, err := os.MkdirTemp("", "procstar-cluster-")
	if err != nil {
		return nil, err
	}
	kp, err := NewUserKey()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	pub, _ := kp.PublicKey()
	creds := dir + "/user.nk"
	if err := WriteSeed(creds, kp); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s, err := StartServer(ServerConfig{Listen: "127.0.0.1:0", StoreDir: dir + "/store", Users: []string{pub}, Name: "procstar-embedded"})
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &Embedded{Server: s, Conn: Conn{URL: s.ClientURL(), Creds: creds, inProcess: s}, dir: dir}, nil
}

// Close stops the server and removes its data and key.
func (e *Embedded) Close() {
	e.Server.Shutdown()
	e.Server.WaitForShutdown()
	os.RemoveAll(e.dir)
}
