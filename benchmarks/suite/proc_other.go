//go:build !unix

package suite

import "os/exec"

// killGroup is a no-op where process groups are not available.
func killGroup(cmd *exec.Cmd) {}
