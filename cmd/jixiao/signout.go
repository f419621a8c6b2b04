package main

import (
	"context"
	"fmt"
)

type userSignoutCmd struct {
	Username string `arg:"" help:"用户名"`
	DB       string `default:"jixiao.db" help:"数据库：SQLite 文件路径或 postgres://…"`
}

// Run ends every session of the user and revokes the user's API tokens.
func (c *userSignoutCmd) Run(env *env) error {
	db, err := openDB(env, c.DB, false)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	u, _, err := db.UserByName(ctx, c.Username)
	if err != nil {
		return err
	}
	if err := db.EndSessions(ctx, cliActor, u.ID); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "已结束用户 %s 的全部会话，并撤销其 API 令牌\n", u.Username)
	return nil
}
