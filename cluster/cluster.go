// Package cluster runs procstar's processes on many machines through NATS
// JetStream: the root (a script run with --cluster) publishes each child
// as a signed job on a work-queue stream, the script and the files it
// loads go content-addressed into an object store, and workers with free
// slots pull jobs, run each in a fresh OS process (runtime.ExecJob) and
// stream its output and exit status back. Heartbeats on plain subjects
// tell the root that a worker died (its jobs read as killed, -9) and tell
// workers that the root died (they kill its jobs).
//
// It plugs into the core through runtime.WithLauncher; the core module
// does not link NATS.
package cluster

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
)

// Names of the JetStream assets and subjects.
const (
	jobStream    = "PROCSTAR_JOBS"
	jobSubject   = "procstar.jobs"
	fileBucket   = "PROCSTAR_FILES"
	resultBucket = "PROCSTAR_RESULTS"
	consumerName = "procstar-workers"
	// hbWorker and hbRoot prefix the heartbeat subjects (.ID follows).
	hbWorker = "procstar.hb.worker"
	hbRoot   = "procstar.hb.root"
	// evPrefix.ID is where a job's worker reports (started, output, exit);
	// ctlPrefix.ID is where its root sends signals.
	evPrefix  = "procstar.ev"
	ctlPrefix = "procstar.ctl"
	// ackPrefix.ID is where the root acknowledges a job's events (events.go).
	ackPrefix = "procstar.evack"
)

// Timing of liveness: a heartbeat every HeartbeatEvery; a peer unheard for
// LostAfter is dead. Both are far below JetStream's 30 s AckWait, which
// plays no part: a job is acknowledged when its worker starts it.
var (
	HeartbeatEvery = 500 * time.Millisecond
	LostAfter      = 5 * time.Second
)

// Conn is how to reach the cluster: its URL, credentials and TLS.
type Conn struct {
	URL string
	// Creds is a file holding an NKey seed (as written by keygen) or NATS
	// user credentials (a .creds file with a JWT).
	Creds string
	// TLS files: the client certificate and key (for servers that verify
	// clients) and the CA that signed the server's certificate.
	TLSCert, TLSKey, TLSCA string
	// Name names the connection in the server's monitoring.
	Name string

	// inProcess, for a process that runs the server itself (embedded),
	// connects without a socket: a round trip to another process then
	// crosses one socket instead of two (about 10 µs less here). It does
	// not travel to jobs (gob skips it).
	inProcess nats.InProcessConnProvider
}

// Abs returns c with its files' paths made absolute: a job runs in its
// script's directory, not where its worker was started.
func (c Conn) Abs() Conn {
	for _, p := range []*string{&c.Creds, &c.TLSCert, &c.TLSKey, &c.TLSCA} {
		if *p != "" {
			if abs, err := filepath.Abs(*p); err == nil {
				*p = abs
			}
		}
	}
	return c
}

// isLoopback reports whether host (a name or an address, no port) is this
// machine's loopback.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkURLs refuses a plaintext URL to another machine: credentials and
// jobs would cross the network in clear.
func (c Conn) checkURLs() error {
	if c.URL == "" {
		return errors.New("no cluster URL")
	}
	for _, u := range strings.Split(c.URL, ",") {
		p, err := url.Parse(strings.TrimSpace(u))
		if err != nil || p.Host == "" {
			return fmt.Errorf("bad cluster URL %q (want nats://HOST:PORT or tls://HOST:PORT)", u)
		}
		if isLoopback(p.Hostname()) || p.Scheme == "tls" || c.TLSCA != "" {
			continue
		}
		return fmt.Errorf("refusing a plaintext connection to %s, which is not this machine's loopback: use a tls:// URL with --tls-ca (and --tls-cert/--tls-key if the server verifies clients)", p.Host)
	}
	return nil
}

// Dial connects to the cluster, refusing plaintext to other machines and
// connecting without credentials.
func (c Conn) Dial() (*nats.Conn, error) { return c.dial() }

// dial is Dial with more options (tests).
func (c Conn) dial(more ...nats.Option) (*nats.Conn, error) {
	if err := c.checkURLs(); err != nil {
		return nil, err
	}
	if c.Creds == "" {
		return nil, errors.New("credentials are required: give --creds FILE (an NKey seed or a NATS .creds file)")
	}
	opts := []nats.Option{nats.Name(c.Name), nats.MaxReconnects(-1), nats.ReconnectWait(250 * time.Millisecond),
		// A server that vanishes without closing its connections (its
		// machine lost) is noticed by the pings: by default after minutes,
		// by which time the peers would have declared this process dead
		// (its heartbeats stopped). With two pings unanswered out of one
		// every LostAfter/5, it moves to another server within 0.6
		// LostAfter, and its heartbeats resume in time; a live server
		// would have to stall for 0.4 LostAfter to be left wrongly.
		nats.PingInterval(LostAfter / 5), nats.MaxPingsOutstanding(2)}
	cred, err := credsOption(c.Creds)
	if err != nil {
		return nil, err
	}
	opts = append(opts, cred)
	if c.TLSCA != "" {
		opts = append(opts, nats.RootCAs(c.TLSCA))
	}
	if c.TLSCert != "" || c.TLSKey != "" {
		opts = append(opts, nats.ClientCert(c.TLSCert, c.TLSKey))
	}
	if c.TLSCA != "" || strings.HasPrefix(c.URL, "tls://") {
		opts = append(opts, nats.Secure(&tls.Config{MinVersion: tls.VersionTLS12}))
	}
	if c.inProcess != nil {
		opts = append(opts, nats.InProcessServer(c.inProcess))
	}
	nc, err := nats.Connect(c.URL, append(opts, more...)...)
	if err != nil {
		return nil, fmt.Errorf("connecting to %s: %w", c.URL, err)
	}
	return nc, nil
}

// credsOption reads a credentials file: an NKey seed, or user credentials
// with a JWT.
func credsOption(path string) (nats.Option, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("credentials: %w", err)
	}
	if strings.Contains(string(data), "BEGIN NATS USER JWT") {
		return nats.UserCredentials(path), nil
	}
	kp, err := loadSeed(path)
	if err != nil {
		return nil, err
	}
	pub, _ := kp.PublicKey()
	return nats.Nkey(pub, kp.Sign), nil
}
