package pool_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/procstar/procstar/runtime"
)

// The test binary is every child of the scripts it runs (runtime.Dispatch).
func TestMain(m *testing.M) {
	runtime.Dispatch()
	os.Exit(m.Run())
}

// run runs src as a script and returns its stdout, stderr and error.
func run(t testing.TB, ctx context.Context, src string, opts ...runtime.Option) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	opts = append([]runtime.Option{runtime.WithStdout(&out), runtime.WithStderr(&errb)}, opts...)
	err := runtime.New(opts...).ExecSource(ctx, "main.star", []byte(src))
	return out.String(), errb.String(), err
}

var _ = strings.Contains
var _ = time.Second
