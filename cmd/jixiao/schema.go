package main

import (
	"jixiao/internal/caseio"
)

type schemaCmd struct{}

func (schemaCmd) Run(env *env) error {
	data, err := caseio.Schema()
	if err != nil {
		return err
	}
	_, err = env.stdout.Write(append(data, '\n'))
	return err
}
