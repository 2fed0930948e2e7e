// Package apply writes a set of file changes all or nothing: every file is
// checked first (inside its module, unchanged on disk since it was read,
// writable), then written to a temporary file beside it, then renamed into
// place; a failure part-way puts back what was replaced. An interrupt
// (SIGINT, SIGTERM) while the temporary files are written stops the write
// with nothing replaced; one during the renames is held until they are
// done, so the files are either all old or all new.
package apply

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
)

// File is one file to write.
type File struct {
	Path string // absolute
	Root string // the module root the file must stay inside
	Old  []byte // content when it was read; nil for a new file
	New  []byte
}

// rename is os.Rename; tests replace it to fail part-way.
var rename = os.Rename

// Write writes files all or nothing. On error nothing is left changed.
func Write(files []File) error {
	if err := check(files); err != nil {
		return err
	}
	// An interrupt between the first and last rename would leave the tree
	// half rewritten, so interrupts are caught from here on: one that
	// arrives while the temporary files are written stops the write with
	// nothing replaced; one that arrives during the renames (a few system
	// calls) is held until they are done.
	sigs := make(chan os.Signal, 1)
	for _, sig := range stopSignals {
		if !signal.Ignored(sig) {
			signal.Notify(sigs, sig)
		}
	}
	defer signal.Stop(sigs)

	staged, err := stage(files, sigs)
	if err != nil {
		return err
	}
	if err := commit(files, staged); err != nil {
		return err
	}
	select {
	case sig := <-sigs:
		// Held during the renames: every file is new now, so the signal
		// may do what it would have done.
		signal.Stop(sigs)
		if p, err := os.FindProcess(os.Getpid()); err == nil {
			_ = p.Signal(sig)
		}
	default:
	}
	return nil
}

// stopSignals are the signals that would otherwise kill the process
// part-way through a write.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}

// ErrInterrupted is returned when a signal stopped Write before any file
// was replaced.
var ErrInterrupted = errors.New("interrupted before any file was replaced; nothing written")

// check verifies every file before anything is written.
func check(files []File) error {
	for _, f := range files {
		root, err := filepath.EvalSymlinks(f.Root)
		if err != nil {
			return fmt.Errorf("%s: module root: %w", f.Path, err)
		}
		dir := existingParent(filepath.Dir(f.Path))
		real, err := filepath.EvalSymlinks(dir)
		if err != nil {
			return fmt.Errorf("%s: %w", f.Path, err)
		}
		real = filepath.Join(real, strings.TrimPrefix(filepath.Dir(f.Path), dir), filepath.Base(f.Path))
		if fi, err := os.Lstat(f.Path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return fmt.Errorf("%s: is a symbolic link; mapfix does not write through links", f.Path)
		}
		if !within(root, real) {
			return fmt.Errorf("%s: resolves to %s, outside the module root %s; not written", f.Path, real, root)
		}
		cur, err := os.ReadFile(f.Path)
		switch {
		case f.Old == nil && err == nil:
			return fmt.Errorf("%s: appeared on disk after mapfix planned to create it; run mapfix again", f.Path)
		case f.Old == nil && errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return fmt.Errorf("%s: %w", f.Path, err)
		case !bytes.Equal(cur, f.Old):
			return fmt.Errorf("%s: changed on disk since mapfix read it; run mapfix again", f.Path)
		}
		if f.Old != nil {
			if err := writable(f.Path); err != nil {
				return err
			}
		}
		if err := writableDir(f.Path, dir); err != nil {
			return err
		}
	}
	return nil
}

// writableDir fails when dir, the folder that receives path's temporary
// file (or the nearest existing folder above a new one), is read-only.
// Like a read-only file, a read-only folder is a user's statement; the
// mode bits are checked because root could write it anyway.
func writableDir(path, dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if fi.Mode().Perm()&0o200 == 0 {
		return fmt.Errorf("%s: folder %s is read-only; not written", path, dir)
	}
	return nil
}

// existingParent returns dir or its nearest existing ancestor.
func existingParent(dir string) string {
	for {
		if _, err := os.Stat(dir); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return dir
		}
		dir = parent
	}
}

func within(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// writable fails when the file or its directory cannot be written: the
// rename needs the directory, and a read-only file is a user's statement.
func writable(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if fi.Mode().Perm()&0o200 == 0 {
		return fmt.Errorf("%s: file is read-only; not written", path)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("%s: cannot write: %w", path, err)
	}
	f.Close()
	return nil
}

// staged is a temporary file holding new content, and the directories made
// for it.
type staged struct {
	tmp     string
	madeDir string // the topmost directory created, or ""
}

// stage writes every new content to a temporary file beside its target,
// with the target's mode. A signal on sigs stops it: the temporary files
// and directories made so far are removed and ErrInterrupted is returned.
func stage(files []File, sigs <-chan os.Signal) ([]staged, error) {
	var out []staged
	cleanup := func() {
		for _, s := range out {
			os.Remove(s.tmp)
			if s.madeDir != "" {
				os.RemoveAll(s.madeDir)
			}
		}
	}
	interrupted := func() bool {
		select {
		case <-sigs:
			return true
		default:
			return false
		}
	}
	for _, f := range files {
		if interrupted() {
			cleanup()
			return nil, ErrInterrupted
		}
		var s staged
		dir := filepath.Dir(f.Path)
		if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
			s.madeDir = topmostMissing(dir)
			if err := os.MkdirAll(dir, 0o777); err != nil {
				cleanup()
				return nil, fmt.Errorf("create %s: %w", dir, err)
			}
		}
		mode := fs.FileMode(0o666)
		if fi, err := os.Stat(f.Path); err == nil {
			mode = fi.Mode().Perm()
		}
		tmp, err := os.CreateTemp(dir, "."+filepath.Base(f.Path)+".mapfix-*")
		if err != nil {
			out = append(out, s)
			cleanup()
			return nil, fmt.Errorf("write %s: %w", f.Path, err)
		}
		s.tmp = tmp.Name()
		out = append(out, s)
		_, err = tmp.Write(f.New)
		if err == nil {
			err = tmp.Sync()
		}
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Chmod(tmp.Name(), newMode(mode, f.Old == nil))
		}
		if err != nil {
			cleanup()
			return nil, fmt.Errorf("write %s: %w", f.Path, err)
		}
	}
	if interrupted() {
		cleanup()
		return nil, ErrInterrupted
	}
	return out, nil
}

// newMode keeps an existing file's mode; a new file gets 0644, as an
// editor would create it.
func newMode(mode fs.FileMode, isNew bool) fs.FileMode {
	if isNew {
		return 0o644
	}
	return mode
}

func topmostMissing(dir string) string {
	top := dir
	for {
		parent := filepath.Dir(top)
		if _, err := os.Stat(parent); err == nil || parent == top {
			return top
		}
		top = parent
	}
}

// commit renames every staged file into place. If a rename fails, the
// files already replaced get their old content back and new files are
// removed.
func commit(files []File, st []staged) error {
	for i, f := range files {
		if err := rename(st[i].tmp, f.Path); err != nil {
			for j := i; j < len(files); j++ {
				os.Remove(st[j].tmp)
			}
			rollback(files[:i], st[:i])
			for j := i; j < len(files); j++ {
				if st[j].madeDir != "" {
					os.RemoveAll(st[j].madeDir)
				}
			}
			return fmt.Errorf("write %s: %w (all files restored)", f.Path, err)
		}
	}
	return nil
}

func rollback(files []File, st []staged) {
	for i, f := range files {
		if f.Old == nil {
			os.Remove(f.Path)
			if st[i].madeDir != "" {
				os.RemoveAll(st[i].madeDir)
			}
			continue
		}
		// Restore through a temporary file too, so the old content is
		// never half there.
		tmp := f.Path + ".mapfix-restore"
		if err := os.WriteFile(tmp, f.Old, 0o600); err == nil {
			if fi, err := os.Stat(f.Path); err == nil {
				os.Chmod(tmp, fi.Mode().Perm())
			}
			os.Rename(tmp, f.Path)
		}
	}
}
