package apply

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// setup makes a module root with two files and returns the changes that
// rewrite them and add a third in a new directory.
func setup(t *testing.T) (string, []File) {
	root := t.TempDir()
	var files []File
	for _, name := range []string{"a.go", "b.go"} {
		path := filepath.Join(root, name)
		old := []byte("package x // old " + name + "\n")
		if err := os.WriteFile(path, old, 0o640); err != nil {
			t.Fatal(err)
		}
		files = append(files, File{Path: path, Root: root, Old: old, New: []byte("package x // new " + name + "\n")})
	}
	files = append(files, File{Path: filepath.Join(root, "internal", "gen", "g.go"), Root: root, New: []byte("package gen\n")})
	return root, files
}

func TestWrite(t *testing.T) {
	_, files := setup(t)
	if err := Write(files); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		got, err := os.ReadFile(f.Path)
		if err != nil || string(got) != string(f.New) {
			t.Errorf("%s: %q, %v; want %q", f.Path, got, err, f.New)
		}
	}
	fi, err := os.Stat(files[0].Path)
	if err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("mode of a rewritten file: %v, %v; want 0640 kept", fi.Mode().Perm(), err)
	}
}

// TestRenameFailsPartway: when the n-th rename fails, for every n, every
// file is wholly as it was (content and mode), no new file or directory is
// left, and no temporary file either.
func TestRenameFailsPartway(t *testing.T) {
	_, probe := setup(t)
	for fail := 0; fail < len(probe); fail++ {
		root, files := setup(t)
		n := 0
		rename = func(from, to string) error {
			if n == fail {
				return errors.New("injected failure")
			}
			n++
			return os.Rename(from, to)
		}
		err := Write(files)
		rename = os.Rename
		if err == nil || !strings.Contains(err.Error(), "injected failure") {
			t.Fatalf("fail at %d: err = %v; want the injected failure", fail, err)
		}
		if n != fail {
			t.Fatalf("fail at %d: %d renames succeeded first; the failure was not where the test put it", fail, n)
		}
		for _, f := range files {
			got, err := os.ReadFile(f.Path)
			if f.Old == nil {
				if !errors.Is(err, os.ErrNotExist) {
					t.Errorf("fail at %d: new file %s left behind (%v)", fail, f.Path, err)
				}
				continue
			}
			if string(got) != string(f.Old) {
				t.Errorf("fail at %d: %s = %q; want the old content back", fail, f.Path, got)
			}
			if fi, err := os.Stat(f.Path); err != nil || fi.Mode().Perm() != 0o640 {
				t.Errorf("fail at %d: %s: mode %v, %v; want 0640 kept", fail, f.Path, fi.Mode().Perm(), err)
			}
		}
		if _, err := os.Stat(filepath.Join(root, "internal")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("fail at %d: the new directory is left behind (%v)", fail, err)
		}
		entries, _ := os.ReadDir(root)
		if len(entries) != 2 {
			t.Errorf("fail at %d: %d entries in the root; want only a.go and b.go", fail, len(entries))
		}
	}
}

func TestChangedOnDisk(t *testing.T) {
	_, files := setup(t)
	if err := os.WriteFile(files[1].Path, []byte("package x // edited meanwhile\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	err := Write(files)
	if err == nil || !strings.Contains(err.Error(), "changed on disk") {
		t.Fatalf("err = %v; want changed on disk", err)
	}
	if got, _ := os.ReadFile(files[0].Path); string(got) != string(files[0].Old) {
		t.Errorf("a.go was written although b.go was refused")
	}
}

func TestSymlinkOutOfRoot(t *testing.T) {
	root, files := setup(t)
	outside := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(root, "link")); err != nil {
		t.Skip("no symlinks:", err)
	}
	files = append(files, File{Path: filepath.Join(root, "link", "c.go"), Root: root, New: []byte("package c\n")})
	err := Write(files)
	if err == nil || !strings.Contains(err.Error(), "outside the module root") {
		t.Fatalf("err = %v; want outside the module root", err)
	}
	if _, err := os.Stat(filepath.Join(outside, "c.go")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a file was written outside the root")
	}
}

func TestReadOnly(t *testing.T) {
	_, files := setup(t)
	if err := os.Chmod(files[0].Path, 0o444); err != nil {
		t.Fatal(err)
	}
	err := Write(files)
	if err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Fatalf("err = %v; want read-only", err)
	}
}

// TestReadOnlyDir: a read-only folder is refused before anything is
// written, both for a file replaced in it and for a new folder made under
// it; the mode bits are checked, so this holds for root too.
func TestReadOnlyDir(t *testing.T) {
	for _, tc := range []struct {
		name  string
		which func(root string, files []File) string // the folder to make read-only
	}{
		{"replaced file", func(root string, files []File) string { return root }},
		{"new folder", func(root string, files []File) string {
			if err := os.MkdirAll(filepath.Join(root, "internal"), 0o755); err != nil {
				t.Fatal(err)
			}
			return filepath.Join(root, "internal")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root, files := setup(t)
			dir := tc.which(root, files)
			if err := os.Chmod(dir, 0o555); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(dir, 0o755) })
			err := Write(files)
			if err == nil || !strings.Contains(err.Error(), "folder "+dir+" is read-only") {
				t.Fatalf("err = %v; want folder %s is read-only", err, dir)
			}
			for _, f := range files {
				got, err := os.ReadFile(f.Path)
				if f.Old == nil && !errors.Is(err, os.ErrNotExist) || f.Old != nil && string(got) != string(f.Old) {
					t.Errorf("%s was written", f.Path)
				}
			}
		})
	}
}

// TestInterruptWhileStaging: a signal that arrives while the temporary
// files are written stops the write; nothing is replaced or left behind.
func TestInterruptWhileStaging(t *testing.T) {
	root, files := setup(t)
	sigs := make(chan os.Signal, 1)
	sigs <- os.Interrupt
	if _, err := stage(files, sigs); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("err = %v; want ErrInterrupted", err)
	}
	for _, f := range files[:2] {
		if got, _ := os.ReadFile(f.Path); string(got) != string(f.Old) {
			t.Errorf("%s = %q; want the old content", f.Path, got)
		}
	}
	entries, _ := os.ReadDir(root)
	if len(entries) != 2 {
		t.Errorf("%d entries in the root; want only a.go and b.go", len(entries))
	}
}
