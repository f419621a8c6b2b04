package main

import (
	"jixiao/internal/caseio"
)

type schemaCmd struct {
	Declaration bool `help:"输出绩效目标申报文件（jixiao-declaration/1）的 JSON Schema，而不是案例文件的"`
}

func (c schemaCmd) Run(env *env) error {
	schema := caseio.Schema
	if c.Declaration {
		schema = caseio.DeclarationSchema
	}
	data, err := schema()
	if err != nil {
		return err
	}
	_, err = env.stdout.Write(append(data, '\n'))
	return err
}
