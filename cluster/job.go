package cluster

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"github.com/procstar/procstar/runtime"
)

// envelope is a job as it travels on the work-queue stream: the core's
// Job with its files replaced by their sha256 (the object store's keys),
// where to report, and the submitter's signature over all of it.
type envelope struct {
	ID   string // the job's id: its event and control subjects
	Root string // the submitting root's id (its heartbeat)
	// Run is the id of the run's first root, whose bucket holds the
	// run's shared objects ("" from an older submitter: Root).
	Run  string `json:",omitempty"`
	Name string
	Kind string
	// Build is runtime.BuildID() of the submitter.
	Build string
	Frame []byte
	// Files maps load() paths to sha256 keys in the object store.
	Files map[string]string
	// Key is the submitter's public NKey; Sig its ed25519 signature of the
	// envelope with Sig empty.
	Key string
	Sig []byte `json:",omitempty"`
}

// body is what is signed: the envelope without its signature (JSON sorts
// map keys, so the bytes are the same wherever they are computed).
func (e *envelope) body() ([]byte, error) {
	c := *e
	c.Sig = nil
	return json.Marshal(&c)
}

func (e *envelope) sign(kp nkeys.KeyPair) error {
	pub, err := kp.PublicKey()
	if err != nil {
		return err
	}
	e.Key = pub
	b, err := e.body()
	if err != nil {
		return err
	}
	e.Sig, err = kp.Sign(b)
	return err
}

// sigHeader carries the signature of a signal to a job (signalBody), by
// the key that signed the job.
const sigHeader = "Procstar-Sig"

// signalBody is what a signal's signature covers: the job and the signal.
func signalBody(id string, sig []byte) []byte { return []byte(id + ":" + string(sig)) }

// verifySignal checks a signal to job e against the key that signed it.
func (e *envelope) verifySignal(sig []byte, signature string) bool {
	kp, err := nkeys.FromPublicKey(e.Key)
	if err != nil {
		return false
	}
	s, err := base64.StdEncoding.DecodeString(signature)
	return err == nil && kp.Verify(signalBody(e.ID, sig), s) == nil
}

// errUntrusted is a job whose signature does not verify against a key of
// the worker's trust file.
var errUntrusted = errors.New("not signed by a trusted submitter key")

// verify checks the signature, and that the key is trusted.
func (e *envelope) verify(t Trust) error {
	if !t[e.Key] {
		return fmt.Errorf("%w (key %q is not in the worker's trust file)", errUntrusted, e.Key)
	}
	kp, err := nkeys.FromPublicKey(e.Key)
	if err != nil {
		return fmt.Errorf("%w: %v", errUntrusted, err)
	}
	b, err := e.body()
	if err != nil {
		return err
	}
	if err := kp.Verify(b, e.Sig); err != nil {
		return fmt.Errorf("%w: bad signature", errUntrusted)
	}
	return nil
}

// fileStore keeps files content-addressed in the object store: each
// content is uploaded once (per run, and once for the cluster), and read
// back verified against its hash.
type fileStore struct {
	obs  jetstream.ObjectStore
	sent sync.Map // sha256 hex keys known to be stored
}

func sum(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// put stores files and returns their keys by path.
func (s *fileStore) put(ctx context.Context, files map[string][]byte) (map[string]string, error) {
	keys := make(map[string]string, len(files))
	for path, data := range files {
		k := sum(data)
		keys[path] = k
		if _, ok := s.sent.Load(k); ok {
			continue
		}
		if _, err := s.obs.GetInfo(ctx, k); err != nil {
			if !errors.Is(err, jetstream.ErrObjectNotFound) {
				return nil, fmt.Errorf("object store: %w", err)
			}
			if _, err := s.obs.PutBytes(ctx, k, data); err != nil {
				return nil, fmt.Errorf("storing %s: %w", path, err)
			}
		}
		s.sent.Store(k, true)
	}
	return keys, nil
}

// errNotItsHash: a file fetched does not match its key.
var errNotItsHash = errors.New("content does not match its hash")

// get fetches files by key, checking each against its hash.
func (s *fileStore) get(ctx context.Context, keys map[string]string) (map[string][]byte, error) {
	files := make(map[string][]byte, len(keys))
	for path, k := range keys {
		data, err := s.obs.GetBytes(ctx, k)
		if err != nil {
			return nil, fmt.Errorf("fetching %s: %w", path, err)
		}
		if sum(data) != k {
			return nil, fmt.Errorf("fetching %s: %w", path, errNotItsHash)
		}
		files[path] = data
	}
	return files, nil
}

// job rebuilds the core's Job.
func (e *envelope) job(files map[string][]byte) *runtime.Job {
	frame := e.Frame
	if f, ok := files[frameFile]; ok && frame == nil {
		frame = f
		delete(files, frameFile)
	}
	return &runtime.Job{Name: e.Name, Kind: e.Kind, Frame: frame, Files: files, Build: e.Build}
}

// frameFile is the name under which a job's frame too big for a message
// travels among its files (no load() path starts with a NUL).
const frameFile = "\x00frame"

// assets are the cluster's JetStream assets.
type assets struct {
	jobs  jetstream.Consumer // the workers' consumer of the job stream
	files *fileStore
	kv    jetstream.KeyValue // exit codes, for a root that missed them
}

// streamOnce creates a stream unless it exists: the first to come
// creates the assets, later comers (with perhaps another --replicas) use
// them as they are.
func streamOnce(ctx context.Context, js jetstream.JetStream, cfg jetstream.StreamConfig) error {
	_, err := js.Stream(ctx, cfg.Name)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		_, err = js.CreateStream(ctx, cfg)
		if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
			err = nil
		}
	}
	if err != nil {
		return fmt.Errorf("stream %s: %w", cfg.Name, err)
	}
	return nil
}

// setup creates (or finds) the streams, the job consumer, the object
// store and the results bucket, replicated replicas times.
func setup(ctx context.Context, js jetstream.JetStream, replicas int) (*assets, error) {
	if replicas < 1 {
		replicas = 1
	}
	for _, cfg := range []jetstream.StreamConfig{
		{Name: jobStream, Subjects: []string{jobSubject}},
	} {
		cfg.Retention, cfg.Storage, cfg.Replicas = jetstream.WorkQueuePolicy, jetstream.FileStorage, replicas
		if err := streamOnce(ctx, js, cfg); err != nil {
			return nil, err
		}
	}
	cons, err := js.CreateConsumer(ctx, jobStream, jetstream.ConsumerConfig{
		Durable: consumerName, AckPolicy: jetstream.AckExplicitPolicy,
		// A worker acknowledges a job as it starts it; a worker that died
		// between fetching and starting leaves it to another after AckWait.
		AckWait: 10 * LostAfter, MaxAckPending: -1, Replicas: replicas,
	})
	if err != nil {
		if cons, err = js.Consumer(ctx, jobStream, consumerName); err != nil {
			return nil, fmt.Errorf("job consumer: %w", err)
		}
	}
	obs, err := js.ObjectStore(ctx, fileBucket)
	if err != nil {
		if obs, err = js.CreateObjectStore(ctx, jetstream.ObjectStoreConfig{Bucket: fileBucket, Replicas: replicas, Storage: jetstream.FileStorage}); err != nil {
			obs, err = js.ObjectStore(ctx, fileBucket) // made by another meanwhile
		}
	}
	if err != nil {
		return nil, fmt.Errorf("file store: %w", err)
	}
	kv, err := js.KeyValue(ctx, resultBucket)
	if err != nil {
		if kv, err = js.CreateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: resultBucket, Replicas: replicas, TTL: 24 * time.Hour}); err != nil {
			kv, err = js.KeyValue(ctx, resultBucket)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("result bucket: %w", err)
	}
	return &assets{jobs: cons, files: &fileStore{obs: obs}, kv: kv}, nil
}
