package cluster

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/nats-io/nkeys"
)

// NewUserKey makes a fresh NKey user key pair (ed25519): the embedded
// mode's credentials and job-signing key, made per run.
func NewUserKey() (nkeys.KeyPair, error) { return nkeys.CreateUser() }

// WriteSeed writes kp's seed to path, readable by its owner only.
func WriteSeed(path string, kp nkeys.KeyPair) error {
	seed, err := kp.Seed()
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(seed, '\n'), 0o600)
}

// loadSeed reads an NKey seed file (the first line starting with "SU", so
// that a .nk file or a creds file's seed block both work).
func loadSeed(path string) (nkeys.KeyPair, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("credentials: %w", err)
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if bytes.HasPrefix(line, []byte("SU")) {
			kp, err := nkeys.FromSeed(line)
			if err != nil {
				return nil, fmt.Errorf("credentials %s: %w", path, err)
			}
			return kp, nil
		}
	}
	return nil, fmt.Errorf("credentials %s: no NKey user seed (a line starting with SU) in it", path)
}

// LoadSigner reads the submitter's signing key from a seed file or a
// .creds file (its seed signs the jobs).
func LoadSigner(path string) (nkeys.KeyPair, error) { return loadSeed(path) }

// Trust is the set of submitter public keys a worker runs jobs from.
type Trust map[string]bool

// LoadTrust reads a trust file: one public user NKey (U...) a line; blank
// lines and lines starting with # are ignored.
func LoadTrust(path string) (Trust, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("trust file: %w", err)
	}
	defer f.Close()
	t := Trust{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !nkeys.IsValidPublicUserKey(line) {
			return nil, fmt.Errorf("trust file %s:%d: not a public user NKey (U...): %q", path, n, line)
		}
		t[line] = true
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("trust file: %w", err)
	}
	if len(t) == 0 {
		return nil, fmt.Errorf("trust file %s lists no key: the worker would refuse every job", path)
	}
	return t, nil
}

// minRouteSecret is the shortest route secret accepted, in bytes: the
// route port answers anyone who reaches it, so the secret must not be
// guessable (the documented command makes 44).
const minRouteSecret = 16

// LoadRouteSecret reads the secret the servers of a cluster share to admit
// each other's routes (serve's --route-secret). Like ssh with a private
// key, it refuses a file that its group or others may read or write: the
// secret admits a server into the cluster, which carries every message of
// every job. Surrounding white space (a trailing newline) is not part of
// the secret. No error quotes the file's contents.
func LoadRouteSecret(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("route secret: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("route secret: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("route secret %s: not a regular file", path)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("route secret %s: permissions %#o are too open: it must be readable by its owner only (chmod 600 %s)", path, perm, path)
	}
	data, err := io.ReadAll(io.LimitReader(f, 1<<16))
	if err != nil {
		return nil, fmt.Errorf("route secret: %w", err)
	}
	secret := bytes.TrimSpace(data)
	if len(secret) == 0 {
		return nil, fmt.Errorf("route secret %s is empty (make one: %s)", path, routeSecretHowTo)
	}
	if len(secret) < minRouteSecret {
		return nil, fmt.Errorf("route secret %s is too short: %d bytes, at least %d (make one: %s)", path, len(secret), minRouteSecret, routeSecretHowTo)
	}
	return secret, nil
}

// routeSecretHowTo makes a route secret; the umask makes the file 0600 as
// it is created, where a chmod after it would leave a moment when others
// may read it.
const routeSecretHowTo = "(umask 077; head -c 32 /dev/urandom | base64 > route.secret)"

// errNoRouteSecret: a routed server without a secret would admit any
// route, and with it any process that reaches the route port, into the
// cluster.
var errNoRouteSecret = errors.New("cluster routes need a shared secret (--route-secret FILE, the same file on every server of the cluster; make one: " + routeSecretHowTo + "): without it anyone who reaches the route port joins the cluster and reads every message")
