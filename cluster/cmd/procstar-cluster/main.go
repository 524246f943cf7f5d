// Command procstar-cluster is procstar with cluster mode: the same
// scripts, their processes placed on the workers of a NATS JetStream
// cluster.
//
//	procstar-cluster [procstar flags] --cluster embedded FILE [ARG...]
//	procstar-cluster [procstar flags] --cluster URL --creds FILE FILE [ARG...]
//	procstar-cluster worker --cluster URL --creds FILE --trust FILE [--slots N]
//	procstar-cluster serve --listen HOST:PORT --store DIR --auth FILE [...]
//	procstar-cluster keygen FILE
//
// Without --cluster it is procstar.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	goruntime "runtime"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/procstar/procstar/cluster"
	"github.com/procstar/procstar/internal/cli"
	"github.com/procstar/procstar/runtime"
	"github.com/procstar/procstar/runtime/spawn"
)

var version = "0.1.0-dev"

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	runtime.Dispatch()
	if os.Getenv(cluster.JobEnv) != "" {
		os.Exit(cluster.RunJob())
	}
	// As procstar's root: a fatal signal kills by its default action.
	spawn.DefaultSignals()
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr *os.File) int {
	if len(args) > 0 {
		switch args[0] {
		case "worker":
			return worker(args[1:], stderr)
		case "serve":
			return serve(args[1:], stderr)
		case "keygen":
			return keygen(args[1:], stdout, stderr)
		}
	}
	return cli.Run(cli.Host{Name: "procstar-cluster", Version: version, Usage: usage, Flags: clusterFlags(stdout, stderr)}, args, stdin, stdout, stderr)
}

const usage = `  --cluster URL|embedded
                  run the script's processes on a NATS JetStream cluster
                  (embedded: an in-process server on loopback with a local
                  worker of --max-procs slots)
  --creds FILE    the submitter's credentials: an NKey seed (keygen) or a
                  NATS .creds file; its key signs the jobs
  --tls-ca FILE, --tls-cert FILE, --tls-key FILE
                  TLS to the cluster (required off loopback)
  --replicas N    replicas of the job stream when this run creates it
subcommands: worker, serve, keygen (procstar-cluster SUBCOMMAND -h)
`

// connFlags registers the connection flags shared by the root and worker.
func connFlags(fs *flag.FlagSet) *cluster.Conn {
	c := &cluster.Conn{}
	fs.StringVar(&c.URL, "cluster", "", "")
	fs.StringVar(&c.Creds, "creds", "", "")
	fs.StringVar(&c.TLSCA, "tls-ca", "", "")
	fs.StringVar(&c.TLSCert, "tls-cert", "", "")
	fs.StringVar(&c.TLSKey, "tls-key", "", "")
	return c
}

// clusterFlags are the root's flags: with --cluster, children go through
// a Launcher.
func clusterFlags(stdout, stderr io.Writer) func(fs *flag.FlagSet) func() ([]runtime.Option, func(), error) {
	return func(fs *flag.FlagSet) func() ([]runtime.Option, func(), error) {
		c := connFlags(fs)
		replicas := fs.Int("replicas", 1, "")
		return func() ([]runtime.Option, func(), error) {
			if c.URL == "" {
				if c.Creds != "" || c.TLSCA != "" || c.TLSCert != "" || c.TLSKey != "" {
					return nil, nil, errors.New("--creds and --tls-* need --cluster")
				}
				return nil, nil, nil
			}
			var st stack
			// --max-procs, the tree's bound, is the embedded worker's.
			maxProcs := runtime.DefaultMaxProcs
			if f := fs.Lookup("max-procs"); f != nil {
				maxProcs, _ = f.Value.(flag.Getter).Get().(int)
			}
			l, err := connectRoot(c, *replicas, maxProcs, stdout, stderr, &st)
			if err != nil {
				st.run()
				return nil, nil, err
			}
			return []runtime.Option{runtime.WithLauncher(l)}, st.run, nil
		}
	}
}

// stack is cleanup to run in reverse order.
type stack []func()

func (s *stack) push(f func()) { *s = append(*s, f) }
func (s *stack) run() {
	for i := len(*s) - 1; i >= 0; i-- {
		(*s)[i]()
	}
	*s = nil
}

// connectRoot connects the root to the cluster (starting the embedded
// one, with its local workers, for "embedded") and returns its Launcher.
func connectRoot(c *cluster.Conn, replicas, maxProcs int, stdout, stderr io.Writer, st *stack) (*cluster.Launcher, error) {
	embedded := c.URL == "embedded"
	if embedded {
		if c.Creds != "" {
			return nil, errors.New("--creds: an embedded cluster makes its own credentials")
		}
		emb, err := cluster.StartEmbedded()
		if err != nil {
			return nil, err
		}
		st.push(emb.Close)
		*c = emb.Conn
		// A start() waits for a free slot, while Python on one machine
		// runs as many processes as a script starts: processes that wait
		// for each other (consumers, or parents joining children that
		// wait for a slot) would deadlock on any smaller number. So the
		// embedded worker takes as many as the tree may hold
		// (--max-procs), as a local run. (Pool() still defaults to
		// cpu_count() workers.)
		if err := startWorker(emb.Conn, maxProcs, nil, st); err != nil {
			return nil, err
		}
	}
	c.Name = "procstar-cluster root"
	nc, err := c.Dial()
	if err != nil {
		return nil, err
	}
	st.push(nc.Close)
	signer, err := cluster.LoadSigner(c.Creds)
	if err != nil {
		return nil, err
	}
	l, err := cluster.NewLauncher(nc, signer, replicas, stdout, stderr)
	if err != nil {
		return nil, err
	}
	st.push(l.Close)
	return l, nil
}

// startWorker runs in-process worker slots (embedded mode), trusting the
// key of conn's credentials when trust is nil.
func startWorker(conn cluster.Conn, slots int, trust cluster.Trust, st *stack) error {
	conn.Name = "procstar-cluster embedded worker"
	nc, err := conn.Dial()
	if err != nil {
		return err
	}
	st.push(nc.Close)
	if trust == nil {
		kp, err := cluster.LoadSigner(conn.Creds)
		if err != nil {
			return err
		}
		pub, _ := kp.PublicKey()
		trust = cluster.Trust{pub: true}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	w := &cluster.Worker{NC: nc, Slots: slots, Trust: trust, Conn: conn}
	go func() {
		defer close(done)
		if err := w.Run(ctx); err != nil {
			fmt.Fprintf(os.Stderr, "procstar-cluster: embedded worker: %v\n", err)
		}
	}()
	st.push(func() { cancel(); <-done })
	return nil
}

// subFlags parses a subcommand's flags, printing its usage on error.
func subFlags(fs *flag.FlagSet, usage string, args []string, stderr io.Writer) (int, bool) {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stderr, usage)
			return 0, false
		}
		fmt.Fprintf(stderr, "procstar-cluster %s: %v\n%s", fs.Name(), err, usage)
		return 2, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "procstar-cluster %s: unexpected argument %q\n%s", fs.Name(), fs.Arg(0), usage)
		return 2, false
	}
	return 0, true
}

const workerUsage = `usage: procstar-cluster worker --cluster URL --creds FILE --trust FILE [--slots N]
       [--tls-ca FILE] [--tls-cert FILE --tls-key FILE] [--replicas N]

Joins this machine to the cluster: pulls jobs while it has free slots and
runs each in a fresh process. It runs only jobs signed by a key listed in
the trust file (public user NKeys, one a line). Ends on SIGINT or SIGTERM,
killing the jobs it runs.
`

func worker(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	c := connFlags(fs)
	slots := fs.Int("slots", goruntime.NumCPU(), "")
	trustFile := fs.String("trust", "", "")
	replicas := fs.Int("replicas", 1, "")
	if code, ok := subFlags(fs, workerUsage, args, stderr); !ok {
		return code
	}
	if c.URL == "" || *trustFile == "" {
		fmt.Fprintf(stderr, "procstar-cluster worker: --cluster and --trust are required\n%s", workerUsage)
		return 2
	}
	if *slots < 1 {
		fmt.Fprintln(stderr, "procstar-cluster worker: --slots must be at least 1")
		return 2
	}
	trust, err := cluster.LoadTrust(*trustFile)
	if err != nil {
		fmt.Fprintf(stderr, "procstar-cluster worker: %v\n", err)
		return 2
	}
	c.Name = "procstar-cluster worker"
	nc, err := c.Dial()
	if err != nil {
		fmt.Fprintf(stderr, "procstar-cluster worker: %v\n", err)
		return 1
	}
	defer nc.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	w := &cluster.Worker{NC: nc, Slots: *slots, Trust: trust, Replicas: *replicas, Log: stderr, Conn: *c}
	if err := w.Run(ctx); err != nil {
		fmt.Fprintf(stderr, "procstar-cluster worker: %v\n", err)
		return 1
	}
	return 0
}

const serveUsage = `usage: procstar-cluster serve --auth FILE [--listen HOST:PORT] [--store DIR]
       [--tls-cert FILE --tls-key FILE [--tls-ca FILE]]
       [--name NAME --cluster-name NAME --cluster-listen HOST:PORT
        --route-secret FILE --routes URL,...]

Runs a NATS JetStream server for procstar's cluster mode. --auth lists the
public user NKeys allowed to connect (one a line; keygen prints them).
Anything but a loopback address requires TLS. Three servers joined by
--routes keep the jobs when one of them is lost. Routes authenticate with
--route-secret, a file readable by its owner only and the same on every
server of the cluster (required with --cluster-listen); make one with
  (umask 077; head -c 32 /dev/urandom | base64 > route.secret)
`

func serve(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var sc cluster.ServerConfig
	fs.StringVar(&sc.Listen, "listen", "127.0.0.1:4222", "")
	fs.StringVar(&sc.StoreDir, "store", "procstar-jetstream", "")
	auth := fs.String("auth", "", "")
	fs.StringVar(&sc.TLSCert, "tls-cert", "", "")
	fs.StringVar(&sc.TLSKey, "tls-key", "", "")
	fs.StringVar(&sc.TLSCA, "tls-ca", "", "")
	fs.StringVar(&sc.Name, "name", "", "")
	fs.StringVar(&sc.ClusterName, "cluster-name", "procstar", "")
	fs.StringVar(&sc.ClusterListen, "cluster-listen", "", "")
	routes := fs.String("routes", "", "")
	routeSecret := fs.String("route-secret", "", "")
	if code, ok := subFlags(fs, serveUsage, args, stderr); !ok {
		return code
	}
	if *auth == "" {
		fmt.Fprintf(stderr, "procstar-cluster serve: --auth is required (credentials are not optional)\n%s", serveUsage)
		return 2
	}
	trust, err := cluster.LoadTrust(*auth)
	if err != nil {
		fmt.Fprintf(stderr, "procstar-cluster serve: %v\n", err)
		return 2
	}
	for k := range trust {
		sc.Users = append(sc.Users, k)
	}
	if *routes != "" {
		sc.Routes = strings.Split(*routes, ",")
	}
	if sc.ClusterListen != "" && *routeSecret == "" {
		fmt.Fprintf(stderr, "procstar-cluster serve: --cluster-listen needs --route-secret FILE: without it anyone who reaches the route port joins the cluster\n%s", serveUsage)
		return 2
	}
	if *routeSecret != "" {
		if sc.ClusterListen == "" {
			fmt.Fprintf(stderr, "procstar-cluster serve: --route-secret without --cluster-listen: this server has no routes\n%s", serveUsage)
			return 2
		}
		if sc.RouteSecret, err = cluster.LoadRouteSecret(*routeSecret); err != nil {
			fmt.Fprintf(stderr, "procstar-cluster serve: %v\n", err)
			return 2
		}
	}
	sc.Log = true
	s, err := cluster.StartServer(sc)
	if err != nil {
		fmt.Fprintf(stderr, "procstar-cluster serve: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "procstar-cluster serve: listening on %s\n", s.ClientURL())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	s.Shutdown()
	s.WaitForShutdown()
	return 0
}

const keygenUsage = `usage: procstar-cluster keygen FILE

Writes a fresh NKey user seed to FILE (mode 0600) and prints its public key,
for serve's --auth and the workers' --trust files.
`

func keygen(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		fmt.Fprint(stderr, keygenUsage)
		return 2
	}
	kp, err := cluster.NewUserKey()
	if err == nil {
		err = cluster.WriteSeed(args[0], kp)
	}
	if err != nil {
		fmt.Fprintf(stderr, "procstar-cluster keygen: %v\n", err)
		return 1
	}
	pub, _ := kp.PublicKey()
	fmt.Fprintln(stdout, pub)
	return 0
}
