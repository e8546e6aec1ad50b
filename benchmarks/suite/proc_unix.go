//go:build unix

package suite

import (
	"os/exec"
	"syscall"
)

// killGroup makes cmd run in a process group of its own and be stopped
// with all of it: go test -fuzz runs its workers as child processes,
// which must not outlive a run stopped at its time limit.
func killGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
