package cluster

import (
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
)

// TestRouteSecretRequired: a server that listens for routes needs the
// route secret (without it, whoever reaches the route port joins the
// cluster), and takes it from its file only, never from a route URL.
func TestRouteSecretRequired(t *testing.T) {
	k := newKey(t)
	_, err := StartServer(ServerConfig{Listen: "127.0.0.1:0", StoreDir: t.TempDir(), Users: []string{k.pub},
		Name: "s", ClusterName: "test", ClusterListen: "127.0.0.1:0", Routes: []string{"nats-route://127.0.0.1:6222"}})
	if err == nil || !strings.Contains(err.Error(), "cluster routes need a shared secret (--route-secret FILE") {
		t.Errorf("routes without a secret: %v", err)
	}
	for r, want := range map[string]string{
		"nats-route://u:hunter2@127.0.0.1:6222": "route URL to 127.0.0.1:6222 carries credentials",
		"nats-route://u:hunter2@[::1":           `bad route URL in "nats-route://REDACTED@[::1"`,
	} {
		_, err = StartServer(ServerConfig{Listen: "127.0.0.1:0", StoreDir: t.TempDir(), Users: []string{k.pub},
			Name: "s", ClusterName: "test", ClusterListen: "127.0.0.1:0", Routes: []string{r}, RouteSecret: testRouteSecret})
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("route %s: %v, want %q", r, err, want)
		}
	}
}

// TestLoadRouteSecret: the route secret's file must be its owner's alone
// and hold a secret worth the name; no error quotes it.
func TestLoadRouteSecret(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		os.Chmod(p, mode) // past the umask
		return p
	}
	const good = "c2VjcmV0IHNlY3JldCBzZWNyZXQgc2VjcmV0IQ=="
	for _, c := range []struct {
		path, want string
	}{
		{write("group", good+"\n", 0o640), "permissions 0640 are too open"},
		{write("others", good+"\n", 0o604), "permissions 0604 are too open"},
		{write("empty", "\n", 0o600), "is empty"},
		{write("short", "short\n", 0o600), "too short"},
		{filepath.Join(dir, "missing"), "no such file"},
		{dir, "not a regular file"},
	} {
		_, err := LoadRouteSecret(c.path)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), good) {
			t.Errorf("%s: %v, want %q", c.path, err, c.want)
		}
	}
	s, err := LoadRouteSecret(write("ok", good+"\n", 0o600))
	if err != nil || string(s) != good {
		t.Errorf("a good secret: %q, %v", s, err)
	}
	if s2, _ := LoadRouteSecret(write("ok2", good, 0o400)); string(s2) != string(s) {
		t.Errorf("with and without the newline: %q and %q", s, s2)
	}
}

// TestRouteNeedsSecret: a server that routes to a three-server cluster
// without its secret (a bare NATS server, as anyone may run, or one with
// another secret) is not admitted and receives none of the cluster's
// messages, while one with the secret joins and receives them.
func TestRouteNeedsSecret(t *testing.T) {
	servers, _, k := threeServerCluster(t)
	var routes []string
	for _, s := range servers {
		routes = append(routes, "nats-route://"+s.ClusterAddr().String())
	}
	bare, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, NoSigs: true, NoLog: true,
		Cluster: server.ClusterOpts{Name: "test", Host: "127.0.0.1", Port: -1},
		Routes:  server.RoutesFromStr(strings.Join(routes, ","))})
	if err != nil {
		t.Fatal(err)
	}
	go bare.Start()
	t.Cleanup(func() { bare.Shutdown(); bare.WaitForShutdown() })
	if !bare.ReadyForConnections(10 * time.Second) {
		t.Fatal("the bare server did not start")
	}
	joiner := func(name string, secret []byte) *server.Server {
		s, err := StartServer(ServerConfig{Listen: "127.0.0.1:0", StoreDir: t.TempDir(), Users: []string{k.pub},
			Name: name, ClusterName: "test", ClusterListen: "127.0.0.1:0", Routes: routes, RouteSecret: secret})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Shutdown(); s.WaitForShutdown() })
		return s
	}
	wrong := joiner("wrong", []byte("not the cluster's route secret!!"))
	right := joiner("right", testRouteSecret)

	received := map[string]*atomic.Int32{"bare": {}, "wrong": {}, "right": {}}
	subscribe := func(name string, nc *nats.Conn) {
		t.Cleanup(nc.Close)
		if _, err := nc.Subscribe(">", func(m *nats.Msg) {
			if strings.HasPrefix(m.Subject, "probe.") {
				received[name].Add(1)
			}
		}); err != nil {
			t.Fatal(err)
		}
		nc.Flush()
	}
	bnc, err := nats.Connect(bare.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	subscribe("bare", bnc)
	subscribe("wrong", dial(t, wrong.ClientURL(), k))
	subscribe("right", dial(t, right.ClientURL(), k))

	// The cluster's traffic, until the server with the secret has seen
	// some, and a little after.
	pub := dial(t, servers[0].ClientURL(), k)
	deadline := time.Now().Add(20 * time.Second)
	var after time.Time
	for after.IsZero() || time.Since(after) < 500*time.Millisecond {
		if time.Now().After(deadline) {
			t.Fatalf("the server with the route secret received nothing: %d routes", right.NumRoutes())
		}
		pub.Publish("probe.heartbeat", []byte("beat"))
		pub.Flush()
		if after.IsZero() && received["right"].Load() > 0 {
			after = time.Now()
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, name := range []string{"bare", "wrong"} {
		if n := received[name].Load(); n != 0 {
			t.Errorf("the %s server received %d of the cluster's messages", name, n)
		}
	}
	if n := bare.NumRoutes() + wrong.NumRoutes(); n != 0 {
		t.Errorf("servers without the secret have %d routes", n)
	}
}
