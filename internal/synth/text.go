package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// The banks below are the raw material of the documents: headings,
// sentences and phrases in the register of a county education bureau's
// 政务公开 documents. Placeholders in sentences:
//
//	{C} county name      {Y} the document's year   {X} the document's topic
//	{S} a school name    {T} a township            {N} a small number
//	{P} a percentage     {M} a month               {B} a larger number
var (
	// topics are what documents are about ("关于{topic}的通知").
	topics = []string{
		"做好义务教育招生入学工作", "加强中小学教师队伍建设", "推进义务教育学校办学条件标准化建设",
		"开展县域义务教育优质均衡发展督导评估", "加强中小学生体质健康管理", "规范民办义务教育发展",
		"推进义务教育学校校长教师交流轮岗", "加强乡村小规模学校和乡镇寄宿制学校建设",
		"做好家庭经济困难学生资助工作", "加强中小学校园安全管理", "深化义务教育课程教学改革",
		"加强义务教育学校作业管理", "做好中小学课后服务工作", "做好进城务工人员随迁子女入学工作",
		"加强中小学校食堂和食品安全管理", "开展中小学教师全员培训", "推进教育信息化建设",
		"全面加强和改进学校体育美育工作", "落实义务教育教师平均工资收入水平不低于当地公务员平均工资收入水平",
		"开展中小学劳动教育", "加强特殊教育工作", "实施农村义务教育学生营养改善计划",
		"规范中小学校服管理", "加强中小学生心理健康教育", "推进集团化办学和学区制管理",
		"做好控辍保学工作", "加强中小学教材和教辅材料管理", "推进区域教研和校本教研",
		"开展义务教育质量监测", "加强中小学校园文化建设",
	}
	// keywordBank supplies 关键词.
	keywordBank = []string{
		"优质均衡", "义务教育", "招生入学", "教师队伍", "交流轮岗", "办学条件", "标准化建设", "督导评估",
		"课后服务", "双减", "学生资助", "校园安全", "营养改善计划", "特殊教育", "随迁子女", "控辍保学",
		"教育信息化", "体育美育", "劳动教育", "心理健康", "集团化办学", "质量监测", "乡村学校", "寄宿制学校",
	}
	topHeadings = map[string][]string{
		"notice": {"总体要求", "目标任务", "主要任务", "工作内容", "实施步骤", "保障措施", "工作要求", "职责分工", "有关事项"},
		"plan":   {"发展基础", "总体要求", "发展目标", "主要任务", "重点工程", "实施步骤", "保障措施"},
		"interp": {"出台背景", "主要依据", "主要内容", "政策亮点", "实施要求", "解读机关及联系方式"},
		"report": {"基本情况", "资源配置", "政府保障程度", "教育质量", "社会认可度", "存在问题", "下一步工作"},
		"news":   {"会议内容", "主要做法", "工作成效", "下一步安排"},
	}
	subHeadings = []string{
		"指导思想", "基本原则", "工作目标", "优化学校布局", "改善办学条件", "加强教师队伍建设", "提升教育教学质量",
		"推进教育信息化", "规范办学行为", "促进教育公平", "加强学校安全管理", "加强组织领导", "加大经费投入",
		"强化督导考核", "营造良好氛围", "压实工作责任", "规范资金管理", "确保数据真实", "加强宣传引导",
		"摸底测算", "编制计划", "组织实施", "验收销号", "健全工作机制", "完善保障政策", "深化综合改革",
		"补齐乡村学校短板", "扩大优质教育资源", "加强考核评价", "落实主体责任",
	}
	itemHeadings = []string{
		"经费投入稳步增长", "办学条件明显改善", "教师队伍不断加强", "教育质量稳步提升", "教育治理不断完善",
		"资源配置指标尚有差距", "校际差异仍然较大", "专用教室建设相对滞后", "乡村教师结构性缺员", "大班额问题尚未根除",
	}
	sentences = []string{
		"为深入贯彻党的教育方针，落实立德树人根本任务，推动{C}义务教育由基本均衡向优质均衡迈进，现就{X}提出如下意见。",
		"{Y}年，全县共有义务教育学校{N}所，在校生{B}人，专任教师{N}百余人。",
		"各学校要把{X}摆在突出位置，主要负责同志亲自研究、亲自部署、亲自推动。",
		"县教育体育局会同县财政局、县人力资源和社会保障局建立联席会议制度，定期研究解决{X}中的重大问题。",
		"到{Y}年底，全县小学、初中校际差异系数分别控制在0.50、0.45以内，{P}的学校达到省定办学标准。",
		"坚持问题导向，对照《县域义务教育优质均衡发展督导评估办法》逐项查找差距，列出问题清单和整改台账。",
		"全面落实**“免试、就近、划片、公开”**的招生入学要求，严禁以任何形式的考试、测评选拔学生。",
		"{S}等{N}所学校被确定为首批试点学校，试点期为一年。",
		"县级财政严格落实教育经费**“两个只增不减”**要求，义务教育经费全额纳入财政预算。",
		"不足100名学生的村小学和教学点按100名学生核定公用经费，保障其正常运转。",
		"新建、改扩建校舍{N}万平方米，新建塑胶运动场{N}块，新增教学仪器设备值{B}万元。",
		"全县义务教育阶段专任教师学历合格率达到100%，高于规定学历教师比例达到{P}。",
		"每年安排不少于{N}%的公用经费用于教师培训，确保教师5年内完成不少于360学时的培训。",
		"县域内义务教育学校校长、教师交流轮岗比例每年不低于符合交流条件教师总数的10%，其中骨干教师不低于交流总数的20%。",
		"{T}中心学校要统筹辖区内小规模学校和教学点的教育教学工作，实行一体化管理。",
		"各学校要严格控制班额，小学、初中班额分别不超过45人、50人，{Y}年秋季学期起不再新增大班额。",
		"对照标准，乡村学校体育、艺术专任教师不足，一名教师兼任多个学科的现象仍较为普遍。",
		"加强音乐、美术专用教室建设，每12个班级配备音乐、美术专用教室各1间以上，每间面积分别不小于96平方米和90平方米。",
		"各学校要按照国家课程方案开齐开足课程，不得随意增减课时、提高难度、加快进度。",
		"建立健全作业管理办法，小学一、二年级不布置书面家庭作业，三至六年级书面作业平均完成时间不超过60分钟。",
		"课后服务结束时间原则上不早于当地正常下班时间，服务内容以完成作业、自主阅读、体育、艺术、科普活动为主。",
		"{M}月底前，各学校完成摸底测算，填报《义务教育学校办学条件标准化建设台账》，报县教育体育局计划财务股。",
		"县教育体育局将把{X}纳入对学校的年度考核，考核结果与校长任用、评优评先挂钩。",
		"对工作不力、弄虚作假的单位和个人，依规依纪严肃追究责任。",
		"进城务工人员随迁子女在公办学校和政府购买学位的民办学校就读的比例不低于{P}。",
		"残疾儿童少年义务教育入学率稳定在95%以上，适龄残疾儿童少年“一人一案”做好教育安置。",
		"初中三年巩固率保持在{P}以上，控辍保学实行动态清零。",
		"全面实施农村义务教育学生营养改善计划，膳食补助标准为每生每天{N}元。",
		"学校食堂实行校长（园长）陪餐制度，食品原料统一采购，建立可追溯台账。",
		"健全学生心理健康教育工作体系，每所学校至少配备1名心理健康教育教师。",
		"开展“优质学校+薄弱学校”“城区学校+乡村学校”结对帮扶，推动优质教育资源共享。",
		"全县已组建教育集团{N}个，覆盖义务教育学校{N}所，集团内实行教师统一调配、教研统一组织。",
		"依托国家中小学智慧教育平台，推进“三个课堂”常态化应用，乡村学校网络多媒体教室覆盖率达到{P}。",
		"学校体育场地设施在课余时间和节假日向学生开放，确保学生每天校内外体育活动时间不少于2小时。",
		"{S}新建综合楼一栋，建筑面积{B}平方米，于{Y}年{M}月投入使用。",
		"经测算，全县小学每百名学生拥有县级以上骨干教师数为{D}人，仍低于1人的标准。",
		"坚持公益普惠，民办义务教育学校在校生占比控制在5%以内。",
		"严格执行义务教育阶段学校招生“公民同招”政策，民办学校超额报名的实行电脑随机录取。",
		"各乡镇人民政府要履行控辍保学法定职责，建立“一生一案”台账。",
		"县人民政府教育督导委员会每年对各学校开展一次综合督导，督导结果向社会公开。",
		"{Y}年社会满意度调查共收回有效问卷{B}份，群众对义务教育的满意度为{P}。",
		"本通知自印发之日起施行，有效期{N}年。",
		"此前有关规定与本通知不一致的，以本通知为准。",
		"学校要通过家长会、致家长一封信、微信公众号等多种形式，向家长宣传{X}的政策要求。",
		"{T}、{T}两地共{N}所学校纳入第一批改造计划，计划总投资{B}万元。",
		"各学校填报的数据应与教育事业统计数据一致，对虚报瞒报的一经查实严肃处理。",
		"县教育体育局负责统筹协调和督促检查，县财政局负责资金保障，县自然资源局负责学校建设用地保障。",
		"下一步，我县将持续加大投入，补齐短板，确保如期通过国家义务教育优质均衡发展县督导评估认定。",
		"该校现有教学班{N}个，在校生{B}人，教职工{N}人，是全县首批义务教育优质均衡发展示范学校。",
		"学校食堂、宿舍、厕所等生活设施全部达到标准，寄宿学生实现一人一床位。",
		"《中华人民共和国义务教育法》规定，适龄儿童、少年免试入学，地方各级人民政府应当保障适龄儿童、少年在户籍所在地学校就近入学。",
	}
	// kindSentences are used only in documents of one outline kind.
	kindSentences = map[string][]string{
		"news": {
			"会议要求，各学校要提高政治站位，以钉钉子精神抓好各项工作落实。",
			"{Y}年{M}月，{C}召开{X}推进会，县人民政府分管副县长出席会议并讲话。",
			"会上，{S}、{S}作了交流发言，介绍了本校的经验做法。",
			"与会人员实地观摩了{S}的课后服务和劳动教育实践基地。",
			"活动期间，共开展送教下乡{N}场次，受益师生{B}人次。",
		},
		"interp": {
			"本次政策调整的核心是进一步明确学校、家庭、社会的责任，形成协同育人的合力。",
			"与原文件相比，新文件主要在以下几个方面作了调整和完善。",
			"政策实施后，预计每年惠及学生{B}人，新增财政投入约{B}万元。",
			"解读机关：{C}教育体育局；解读人：办公室负责人；联系电话：0000-{B}。",
		},
	}
	// phrases build short list items: "**坚持…。**sentence".
	principles = []string{
		"坚持优先发展", "坚持公平普惠", "坚持问题导向", "坚持改革创新", "坚持依法治教", "坚持质量为本",
		"坚持统筹推进", "坚持因地制宜", "坚持依法招生", "坚持阳光操作",
	}
	villageChars = []string{"柳", "河", "松", "石", "桥", "杨", "李", "王", "张", "岭", "坪", "沟", "湾", "庄", "堡", "屯", "营", "泉", "山", "林", "塘", "西", "东", "南", "北", "新", "安", "平", "兴", "和", "丰", "清", "长", "永", "宁", "白", "青", "红", "黄", "金"}
	countyChars  = []string{"青", "柳", "松", "白", "安", "永", "长", "新", "东", "西", "南", "北", "平", "宁", "兴", "丰", "和", "清", "德", "泰", "河", "山", "原", "阳", "川", "林", "泉", "城", "定", "乐", "昌", "武", "文", "宝", "福", "康"}
)

// chineseNumbers are the ordinals of headings: 一、 二、 …
var chineseNumbers = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五"}

func pick[T any](rng *rand.Rand, list []T) T { return list[rng.IntN(len(list))] }

// filler fills the placeholders of sentences for one document.
type filler struct {
	rng     *rand.Rand
	kind    string // outline kind: notice, plan, interp, report, news
	county  string
	year    int
	topic   string
	schools []string
	towns   []string
}

func (f *filler) fill(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 || i+2 >= len(s) || s[i+2] != '}' {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		switch s[i+1] {
		case 'C':
			b.WriteString(f.county)
		case 'Y':
			b.WriteString(fmt.Sprint(f.year))
		case 'X':
			b.WriteString(f.topic)
		case 'S':
			b.WriteString(pick(f.rng, f.schools))
		case 'T':
			b.WriteString(pick(f.rng, f.towns))
		case 'N':
			b.WriteString(fmt.Sprint(2 + f.rng.IntN(40)))
		case 'P':
			b.WriteString(fmt.Sprintf("%d%%", 85+f.rng.IntN(15)))
		case 'M':
			b.WriteString(fmt.Sprint(1 + f.rng.IntN(12)))
		case 'D':
			b.WriteString(fmt.Sprintf("0.%02d", 50+f.rng.IntN(50)))
		case 'B':
			b.WriteString(fmt.Sprint(1000 + f.rng.IntN(30000)))
		default:
			b.WriteString(s[i : i+3])
		}
		s = s[i+3:]
	}
}

// paragraph writes n different sentences; one in three documents of a kind
// with its own sentences (news, interpretations) draws from those.
func (f *filler) paragraph(n int) string {
	var b strings.Builder
	own := kindSentences[f.kind]
	last := ""
	for i := 0; i < n; i++ {
		s := pick(f.rng, sentences)
		if len(own) > 0 && f.rng.IntN(3) == 0 {
			s = pick(f.rng, own)
		}
		if s == last {
			continue
		}
		last = s
		b.WriteString(f.fill(s))
	}
	if b.Len() == 0 {
		b.WriteString(f.fill(sentences[0]))
	}
	return b.String()
}

// table writes a GFM table: a school list with figures (right-aligned) or
// a schedule.
func (f *filler) table(b *strings.Builder) {
	rows := 3 + f.rng.IntN(8)
	if f.rng.IntN(2) == 0 {
		b.WriteString("| 序号 | 学校名称 | 在校生数 | 班级数 | 建设项目 | 投资（万元） |\n")
		b.WriteString("|--:|---|--:|--:|---|--:|\n")
		projects := []string{"综合楼", "运动场改造", "音乐美术专用教室", "学生宿舍", "食堂", "网络多媒体教室"}
		for i := 1; i <= rows; i++ {
			fmt.Fprintf(b, "| %d | %s | %d | %d | %s | %d |\n", i, pick(f.rng, f.schools), 80+f.rng.IntN(2400), 3+f.rng.IntN(50), pick(f.rng, projects), 20+f.rng.IntN(3000))
		}
	} else {
		b.WriteString("| 阶段 | 时间 | 主要任务 | 责任单位 |\n")
		b.WriteString("|---|---|---|---|\n")
		stages := []string{"动员部署", "摸底测算", "组织实施", "中期评估", "整改提升", "总结验收"}
		units := []string{"县教育体育局", "县财政局", "各乡镇人民政府", "各学校", "县人力资源和社会保障局"}
		for i := 0; i < rows && i < len(stages); i++ {
			m := 1 + f.rng.IntN(11)
			fmt.Fprintf(b, "| %s | %d年%d月至%d月 | %s | %s |\n", stages[i], f.year, m, m+1, f.fill(pick(f.rng, subHeadings)), pick(f.rng, units))
		}
	}
	b.WriteString("\n")
}

// list writes an ordered list of principles.
func (f *filler) list(b *strings.Builder) {
	n := 2 + f.rng.IntN(4)
	start := f.rng.IntN(len(principles))
	for i := 0; i < n; i++ {
		fmt.Fprintf(b, "%d. **%s。**%s\n", i+1, principles[(start+i)%len(principles)], f.paragraph(1+f.rng.IntN(2)))
	}
	b.WriteString("\n")
}
