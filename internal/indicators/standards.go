package indicators

// Standards holds every threshold, limit, apportioning weight and scope rule
// the computation uses, each under the name a site.toml [standards] table
// gives it. DefaultStandards returns the national values of 教督〔2017〕6号;
// a province with its own 实施细则 overrides any of them.
type Standards struct {
	Primary LevelStandards `toml:"primary" json:"primary"`
	Junior  LevelStandards `toml:"junior" json:"junior"`

	// FloorShare is the share of its threshold that the one indicator a
	// passing school part may miss must still reach (85 %).
	FloorShare float64 `toml:"floor_share" json:"floor_share"`
	// MinMet is how many of the seven indicators a school part must meet (6).
	MinMet int `toml:"min_met" json:"min_met"`

	Weights Weights `toml:"weights" json:"weights"`
	Scope   Scope   `toml:"scope" json:"scope"`

	Assurance   AssuranceStandards   `toml:"assurance" json:"assurance"`
	Quality     QualityStandards     `toml:"quality" json:"quality"`
	Recognition RecognitionStandards `toml:"recognition" json:"recognition"`
}

// LevelStandards holds the thresholds (≥) of the seven indicators for one
// level and the limit (≤) of their 差异系数.
type LevelStandards struct {
	QualifiedTeachers float64 `toml:"qualified_teachers" json:"qualified_teachers"` // per 100 students
	BackboneTeachers  float64 `toml:"backbone_teachers" json:"backbone_teachers"`   // per 100 students
	PEArtTeachers     float64 `toml:"pe_art_teachers" json:"pe_art_teachers"`       // per 100 students
	TeachingArea      float64 `toml:"teaching_area" json:"teaching_area"`           // ㎡ per student
	SportsArea        float64 `toml:"sports_area" json:"sports_area"`               // ㎡ per student
	EquipmentValue    float64 `toml:"equipment_value" json:"equipment_value"`       // 元 per student
	MultimediaRooms   float64 `toml:"multimedia_rooms" json:"multimedia_rooms"`     // per 100 students
	CVLimit           float64 `toml:"cv_limit" json:"cv_limit"`                     // 差异系数上限
	MaxClassSize      int     `toml:"max_class_size" json:"max_class_size"`         // 班额上限 (§3 item 5)
}

// Threshold returns the threshold of ind.
func (s LevelStandards) Threshold(ind Indicator) float64 {
	switch ind {
	case QualifiedTeachers:
		return s.QualifiedTeachers
	case BackboneTeachers:
		return s.BackboneTeachers
	case PEArtTeachers:
		return s.PEArtTeachers
	case TeachingArea:
		return s.TeachingArea
	case SportsArea:
		return s.SportsArea
	case EquipmentValue:
		return s.EquipmentValue
	case MultimediaRooms:
		return s.MultimediaRooms
	}
	return 0
}

// Level returns the standards of level l.
func (s Standards) Level(l Level) LevelStandards {
	if l == Junior {
		return s.Junior
	}
	return s.Primary
}

// Weights are the enrolment weights by which shared facilities of an 一贯制
// school are apportioned to its parts (小学 1 : 初中 1.1 : 高中 1.32; in a
// 完全中学 初中 1 : 高中 1.2).
type Weights struct {
	Primary              float64 `toml:"primary" json:"primary"`
	Junior               float64 `toml:"junior" json:"junior"`
	Senior               float64 `toml:"senior" json:"senior"`
	CompleteMiddleJunior float64 `toml:"complete_middle_junior" json:"complete_middle_junior"`
	CompleteMiddleSenior float64 `toml:"complete_middle_senior" json:"complete_middle_senior"`
}

// Scope says which school parts enter the CV population. Parts left out are
// reported as excluded, with their reason.
type Scope struct {
	IncludePrivate        bool `toml:"include_private" json:"include_private"`                 // 民办 schools
	IncludeTeachingPoints bool `toml:"include_teaching_points" json:"include_teaching_points"` // 教学点
	// TeachingPointMinStudents: when teaching points are included, those
	// with fewer students than this are still excluded (0 = none).
	TeachingPointMinStudents int  `toml:"teaching_point_min_students" json:"teaching_point_min_students"`
	IncludeSpecialSchools    bool `toml:"include_special_schools" json:"include_special_schools"` // 特殊教育学校
}

// AssuranceStandards are the thresholds of 政府保障程度 (§3).
type AssuranceStandards struct {
	ClassesPerRoom          int     `toml:"classes_per_room" json:"classes_per_room"`                   // item 3: one music and one art room per 12 classes
	MusicRoomMinArea        float64 `toml:"music_room_min_area" json:"music_room_min_area"`             // item 3: ≥ 96 ㎡
	ArtRoomMinArea          float64 `toml:"art_room_min_area" json:"art_room_min_area"`                 // item 3: ≥ 90 ㎡
	MaxSchoolSize           int     `toml:"max_school_size" json:"max_school_size"`                     // item 4: 小学、初中 ≤ 2000
	MaxThroughSchoolSize    int     `toml:"max_through_school_size" json:"max_through_school_size"`     // item 4: 一贯制 ≤ 2500
	SpecialSchoolFunding    float64 `toml:"special_school_funding" json:"special_school_funding"`       // item 7: ≥ 6000 元
	TrainingCompletion      float64 `toml:"training_completion" json:"training_completion"`             // item 9: 100 %
	ExchangeShare           float64 `toml:"exchange_share" json:"exchange_share"`                       // item 11: ≥ 10 %
	ExchangeBackboneShare   float64 `toml:"exchange_backbone_share" json:"exchange_backbone_share"`     // item 11: ≥ 20 %
	CertifiedRate           float64 `toml:"certified_rate" json:"certified_rate"`                       // item 12: 100 %
	NearbyEnrollmentPrimary float64 `toml:"nearby_enrollment_primary" json:"nearby_enrollment_primary"` // item 13: 100 %
	NearbyEnrollmentJunior  float64 `toml:"nearby_enrollment_junior" json:"nearby_enrollment_junior"`   // item 13: ≥ 95 %
	QuotaAllocationShare    float64 `toml:"quota_allocation_share" json:"quota_allocation_share"`       // item 14: ≥ 50 %
	MigrantPublicShare      float64 `toml:"migrant_public_share" json:"migrant_public_share"`           // item 15: ≥ 85 %
}

// QualityStandards are the thresholds of 教育质量 (§4).
type QualityStandards struct {
	JuniorRetentionRate    float64 `toml:"junior_retention_rate" json:"junior_retention_rate"`       // ≥ 95 %
	DisabledEnrollmentRate float64 `toml:"disabled_enrollment_rate" json:"disabled_enrollment_rate"` // ≥ 95 %
	TrainingFundsShare     float64 `toml:"training_funds_share" json:"training_funds_share"`         // ≥ 5 %
	MoralEducation         string  `toml:"moral_education" json:"moral_education"`                   // 良好及以上
	MonitoringLevel        float64 `toml:"monitoring_level" json:"monitoring_level"`                 // Ⅲ级及以上
	MonitoringGapRate      float64 `toml:"monitoring_gap_rate" json:"monitoring_gap_rate"`           // < 0.15
}

// RecognitionStandards are the thresholds of 社会认可度 (§5).
type RecognitionStandards struct {
	Satisfaction float64 `toml:"satisfaction" json:"satisfaction"` // ≥ 85 %
}

// DefaultStandards returns the national standards.
func DefaultStandards() Standards {
	return Standards{
		Primary: LevelStandards{
			QualifiedTeachers: 4.2, BackboneTeachers: 1.0, PEArtTeachers: 0.9,
			TeachingArea: 4.5, SportsArea: 7.5, EquipmentValue: 2000, MultimediaRooms: 2.3,
			CVLimit: 0.50, MaxClassSize: 45,
		},
		Junior: LevelStandards{
			QualifiedTeachers: 5.3, BackboneTeachers: 1.0, PEArtTeachers: 0.9,
			TeachingArea: 5.8, SportsArea: 10.2, EquipmentValue: 2500, MultimediaRooms: 2.4,
			CVLimit: 0.45, MaxClassSize: 50,
		},
		FloorShare: 0.85,
		MinMet:     6,
		Weights: Weights{
			Primary: 1, Junior: 1.1, Senior: 1.32,
			CompleteMiddleJunior: 1, CompleteMiddleSenior: 1.2,
		},
		Assurance: AssuranceStandards{
			ClassesPerRoom: 12, MusicRoomMinArea: 96, ArtRoomMinArea: 90,
			MaxSchoolSize: 2000, MaxThroughSchoolSize: 2500,
			SpecialSchoolFunding: 6000, TrainingCompletion: 1.0,
			ExchangeShare: 0.10, ExchangeBackboneShare: 0.20,
			CertifiedRate: 1.0, NearbyEnrollmentPrimary: 1.0, NearbyEnrollmentJunior: 0.95,
			QuotaAllocationShare: 0.50, MigrantPublicShare: 0.85,
		},
		Quality: QualityStandards{
			JuniorRetentionRate: 0.95, DisabledEnrollmentRate: 0.95, TrainingFundsShare: 0.05,
			MoralEducation: "良好", MonitoringLevel: 3, MonitoringGapRate: 0.15,
		},
		Recognition: RecognitionStandards{Satisfaction: 0.85},
	}
}
