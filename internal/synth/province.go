package synth

import (
	"fmt"
	"strconv"
	"strings"
)

// ProvinceSize is the size of a generated province: budget units
// (departments), projects and indicator rows a year, and years.
type ProvinceSize struct {
	Units, Projects, Indicators, Years int
}

// FullProvince is a province's size as issue 16 gives it: 1,500 units,
// 18,000 projects, 300,000 indicator rows a year, over 3 years.
var FullProvince = ProvinceSize{Units: 1500, Projects: 18000, Indicators: 300000, Years: 3}

// maxProvinceUnits and maxProvinceRows bound a generated province (a
// nation's roll-up is ~10 M indicator rows a year).
const (
	maxProvinceUnits = 100000
	maxProvinceRows  = 20_000_000
)

// ParseProvinceSize reads "units,projects,indicators,years"
// (1500,18000,300000,3).
func ParseProvinceSize(s string) (ProvinceSize, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return ProvinceSize{}, fmt.Errorf("province size %q: want units,projects,indicators,years", s)
	}
	var v [4]int
	for i, p := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 1 {
			return ProvinceSize{}, fmt.Errorf("province size %q: %q is not a positive number", s, p)
		}
		v[i] = n
	}
	z := ProvinceSize{Units: v[0], Projects: v[1], Indicators: v[2], Years: v[3]}
	if z.Units > maxProvinceUnits || z.Indicators*z.Years > maxProvinceRows || z.Years > 20 {
		return ProvinceSize{}, fmt.Errorf("province size %q: at most %d units, %d indicator rows in all, 20 years", s, maxProvinceUnits, maxProvinceRows)
	}
	return z, nil
}

// ProjectsPerUnit is the number of projects of each unit's department
// evaluation (at least 1).
func (z ProvinceSize) ProjectsPerUnit() int { return max(1, z.Projects/z.Units) }

// IndicatorsPerProject is the number of indicators of each project (at
// least 4, the generator's least).
func (z ProvinceSize) IndicatorsPerProject() int {
	return max(4, z.Indicators/(z.Units*z.ProjectsPerUnit()))
}

// Rows is the number of indicator rows a year the generated province has.
func (z ProvinceSize) Rows() int { return z.Units * z.ProjectsPerUnit() * z.IndicatorsPerProject() }

// Counties is the number of county bureaus: about ten units each.
func (z ProvinceSize) Counties() int { return (z.Units + 9) / 10 }

// Cities is the number of city bureaus: about ten counties each.
func (z ProvinceSize) Cities() int { return (z.Counties() + 9) / 10 }

// County is the county of unit u (units are dealt to counties in turn);
// City the city of county k.
func (z ProvinceSize) County(u int) int { return u % z.Counties() }

// City is the city of county k.
func (z ProvinceSize) City(k int) int { return k % z.Cities() }
