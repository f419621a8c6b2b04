//go:build windows

package libreoffice

import "os/exec"

// killGroupOnCancel kills soffice when cmd's context ends. Windows has no
// process group to signal here, so a helper process LibreOffice started may
// outlive the timeout (the Windows build is not tested; docs/deployment.md).
func killGroupOnCancel(cmd *exec.Cmd) {
	cmd.Cancel = func() error { return cmd.Process.Kill() }
}
