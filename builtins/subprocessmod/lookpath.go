package subprocessmod

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// lookPath finds the program file as CPython's child does: a name with a
// slash is the path itself; else each directory of path in turn (an empty
// one is the working directory), and the first error other than "not
// there" is the one reported (a file that is not executable is a
// PermissionError, where Go's exec.LookPath says "not found"). Relative
// paths resolve against dir, the program's working directory.
func lookPath(file, path, dir string) (string, error) {
	if strings.Contains(file, "/") {
		return file, nil
	}
	var first error
	for _, d := range strings.Split(path, ":") {
		p := file
		if d != "" {
			p = d + "/" + file
		}
		at := p
		if dir != "" && !filepath.IsAbs(p) {
			at = filepath.Join(dir, p)
		}
		err := executable(at)
		if err == nil {
			return p, nil
		}
		if first == nil && !errors.Is(err, syscall.ENOENT) && !errors.Is(err, syscall.ENOTDIR) {
			first = err
		}
	}
	if first != nil {
		return "", first
	}
	return "", syscall.ENOENT
}

// executable is nil for a file execve would run, else execve's errno for
// it (as far as the file's mode tells).
func executable(p string) error {
	st, err := os.Stat(p)
	if err != nil {
		var errno syscall.Errno
		if errors.As(err, &errno) {
			return errno
		}
		return err
	}
	if st.IsDir() || st.Mode()&0o111 == 0 {
		return syscall.EACCES
	}
	if err := unix.Access(p, unix.X_OK); err != nil {
		return err
	}
	return nil
}
