package logging

import (
	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/node"
)

// A logger crosses to another process as CPython pickles one, by its name:
// the receiver gets its own logger of that name (getLogger(name)), with the
// configuration its process gave it. The multiprocessing logger is the
// receiver's too.

const (
	loggerKind   = "logging.Logger"
	mpLoggerKind = "multiprocessing.Logger"
)

// Registrations are the decoders of the package's handles (registered by
// the runtime).
var Registrations = []node.Registration{
	{Kind: loggerKind, Handle: func(n *node.Node, data []byte) (starlark.Value, error) {
		if string(data) == mpLoggerName && n.Log != nil {
			return bindMP(n.Log, false).value(), nil
		}
		return stdLogger(string(data)), nil
	}},
	{Kind: mpLoggerKind, Handle: func(n *node.Node, _ []byte) (starlark.Value, error) {
		// logging.getLogger("multiprocessing") of the receiver.
		return bindMP(n.Log, false).value(), nil
	}},
}

// Handle makes a logger sendable (codec.Shared): its name.
func (l *StdLogger) Handle() (kind string, data []byte, err error) {
	return loggerKind, []byte(l.name), nil
}

// Portable: a name means the same on any machine.
func (l *StdLogger) Portable() bool { return true }

// Handle makes the multiprocessing logger sendable: the receiver's own.
func (l Logger) Handle() (kind string, data []byte, err error) {
	return mpLoggerKind, nil, nil
}

// Portable: every process has a multiprocessing logger.
func (l Logger) Portable() bool { return true }
