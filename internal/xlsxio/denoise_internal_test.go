package xlsxio

import "testing"

// TestDenoise: a stored number is read as the shortest decimal of its
// double, else as the 15 digits Excel shows; exact digits are kept.
func TestDenoise(t *testing.T) {
	for raw, want := range map[string]string{
		"12.069999999999999":  "12.07",
		"0.30000000000000004": "0.3",
		"3.3600000000000003":  "3.36",
		"207.4538":            "207.4538",
		"1234567.89":          "1234567.89",
		"100":                 "100",
		"-5.2":                "-5.2",
		"1E-3":                "0.001",
		"387664.62":           "387664.62",
		"0.9004":              "0.9004",
		"99.999999999999986":  "100", // 16 digits: Excel shows 100
	} {
		if got := denoise(raw); got != want {
			t.Errorf("denoise(%s) = %s, want %s", raw, got, want)
		}
	}
}
