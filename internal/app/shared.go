package app

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"jixiao"
	"jixiao/internal/auth"
	"jixiao/internal/sqlstore"
)

// What the servers on one database share lives in it, so that any server
// answers any request (no sticky sessions): sessions (the session store),
// the sign-in throttles' strikes, the key of device tokens and uploads
// waiting for confirmation. Summaries are cached in each server's memory
// by evaluation and revision (summary.go): computing one is deterministic,
// so every server's copy is the same, and a new revision is a new key.

// dbStrikes keeps the throttles' strikes in the database.
type dbStrikes struct{ db *sqlstore.DB }

func (d dbStrikes) Strikes(ctx context.Context, key string, now time.Time) (auth.Strikes, error) {
	s, err := d.db.Strikes(ctx, key, now)
	return auth.Strikes(s), err
}

func (d dbStrikes) Strike(ctx context.Context, key string, now time.Time, fn func(auth.Strikes) (auth.Strikes, time.Time)) error {
	return d.db.Strike(ctx, key, now, func(s sqlstore.Strikes) (sqlstore.Strikes, time.Time) {
		next, expires := fn(auth.Strikes(s))
		return sqlstore.Strikes(next), expires
	})
}

func (d dbStrikes) ForgetStrikes(ctx context.Context, key string) error {
	return d.db.ForgetStrikes(ctx, key)
}

// devices returns the signer of device tokens: Devices when set, or else
// one with the key the servers share, read once.
func (a *App) devices(ctx context.Context) (*auth.Devices, error) {
	a.devicesMu.Lock()
	defer a.devicesMu.Unlock()
	if a.Devices != nil {
		return a.Devices, nil
	}
	key, err := a.db.Secret(ctx, "device_tokens", auth.DeviceKeySize)
	if err != nil {
		return nil, err
	}
	a.Devices = auth.DevicesWithKey(key)
	return a.Devices, nil
}

// HoldUpload keeps a checked upload for the signed-in user's confirmation
// (sqlstore.PendingKeep, at most two per user) and returns its token.
func (a *App) HoldUpload(ctx context.Context, p *jixiao.PendingUpload) (string, error) {
	u, err := actor(ctx)
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(p.Evaluation)
	if err != nil {
		return "", fmt.Errorf("hold upload: %w", err)
	}
	return a.db.HoldUpload(ctx, u.ID, p.Name, string(b), p.Replace)
}

// TakeUpload returns the signed-in user's upload held under token, once.
func (a *App) TakeUpload(ctx context.Context, token string) (*jixiao.PendingUpload, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	name, caseJSON, replace, err := a.db.TakeUpload(ctx, u.ID, token)
	if err != nil {
		return nil, err
	}
	ev := new(jixiao.Evaluation)
	if err := json.Unmarshal([]byte(caseJSON), ev); err != nil {
		return nil, fmt.Errorf("take upload: %w", err)
	}
	return &jixiao.PendingUpload{Name: name, Evaluation: ev, Replace: replace}, nil
}
