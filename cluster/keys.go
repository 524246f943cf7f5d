package cluster

import (
	"bufio"
	"bytes"
	"fmt"
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
