package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func importText(t *testing.T, name string) (*Result, string, string) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(textsDir, name))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Text(name, src)
	if err != nil {
		t.Fatal(err)
	}
	if diags := Validate([]*Result{r}); len(diags) > 0 {
		t.Errorf("rejected: %v", diags)
	}
	var notes []string
	for _, n := range r.Notes {
		notes = append(notes, n.String())
	}
	return r, string(r.Markdown), strings.Join(notes, "\n")
}

func wantIn(t *testing.T, what, s string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, s)
		}
	}
}

func wantNotIn(t *testing.T, what, s string, not ...string) {
	t.Helper()
	for _, w := range not {
		if strings.Contains(s, w) {
			t.Errorf("%s still has %q:\n%s", what, w, s)
		}
	}
}

// A text copied from a document-sharing site: its furniture goes, .docx
// leaves the title, the page numbers such sites insert mid-sentence are
// taken out and the sentence joined again, numbered items stay items
// (whatever their punctuation), and a heading that runs on into its
// paragraph without a full stop is split. Every change is in the log.
func TestDocumentSharingSite(t *testing.T) {
	_, md, notes := importText(t, "04-wenku.txt")
	wantIn(t, "document", md,
		`title = "河东县2024年义务教育招生工作实施方案"`+"\n",
		`genre = "方案"`,
		"+++\n\n为做好我县2024年义务教育阶段学校招生工作，保障适龄儿童少年依法接受义务教育，结合我县实际，制定本方案。\n\n## 一、招生原则\n\n",
		"作为招生依据，持续提升教育满意度，各校要公开招生计划、范围、程序和结果，接受社会监督。\n\n## 二、招生对象\n\n### （一）小学一年级\n\n",
		"\n1.年满六周岁（2018年8月31日前出生）、户籍在学区内的适龄儿童，由学区内小学接收入学。\n\n2、户籍在学区内的优先。\n\n### （二）初中一年级\n\n",
		"确保应入尽入，不让一个孩子因家庭困难失学。\n\n## 三、工作要求\n\n各校要高度重视，认真组织，确保招生工作平稳有序。\n\n河东县教育局\n\n2024年5月16日\n",
	)
	wantNotIn(t, "document", md, "上传", "文档编号", ".docx", "第1页", "第2页", "资源描述", "由会员分享", "####", "\n2、升", "\n3、因")
	wantIn(t, "import log", notes,
		"第1行: 标题 “河东县2024年义务教育招生工作实施方案.docx” 去掉了文件扩展名 .docx",
		"第2行: “上传人:hd-jyj 文档编号:58210736 上传时间:2024-05-20”",
		"第3行: “河东县2024年义务教育招生工作实施方案.docx_第1页”",
		"第4行: “资源描述：”",
		"第5行: “河东县2024年义务教育招生工作实施方案 为做好我县2024年义务教育阶段学校招…”（文档分享网站的摘录",
		"第10行: 行首的 “2、” 是文档分享网站插入的页码",
		"第19行: 行首的 “3、” 是文档分享网站插入的页码",
		"第20行: “三、工作要求各校要高度重视，认真组织，确保招生工作平稳有序。” 拆为标题 “三、工作要求” 和正文",
		"第23行: “《河东县2024年义务教育招生工作实施方案.docx》由会员分享",
	)
}

// A government portal page: a breadcrumb without "当前位置", the byline,
// the links to the previous and next documents; an outline that starts at
// （一） gets ## for its first level, and the log says so.
func TestPortalPage(t *testing.T) {
	_, md, notes := importText(t, "05-portal.txt")
	wantIn(t, "document", md,
		`title = "河东县教育局关于做好2024年暑期学生安全教育工作的通知"`,
		`publisher = "河东县教育局"`,
		`published = 2024-07-05T16:20:00+08:00`,
		"+++\n\n各中小学校：\n\n暑期将至，为切实保障学生假期安全，现就有关事项通知如下。\n\n## （一）开展一次集中安全教育\n\n",
		"\n## （三）建立假期联系制度\n\n班主任每周至少联系一次学生家长，发现问题及时报告。\n\n河东县教育局\n\n2024年7月5日\n",
	)
	wantNotIn(t, "document", md, "首页", "字号", "打印", "阅读次数", "扫一扫", "上一篇", "下一篇", "相关链接", "纠错", "###")
	wantIn(t, "import log", notes, "第1行: “首页 > 信息公开 > 法定主动公开内容 > 教育”（面包屑导航）", "上一篇", "下一篇", "（一） → ##")
}

// Outline levels are decided by the whole list, not line by line: a list
// of full sentences stays text even where one item is short, and a list
// of headings stays headings even where one runs on.
func TestOutlineByList(t *testing.T) {
	src := "关于做好课后服务工作的通知\n各学校：\n" +
		"一、服务对象\n" +
		"1.本校在读的一至六年级学生，家长自愿提出申请的，学校应予接收。\n" +
		"2、户籍在学区内的优先。\n" +
		"3.确有困难的家庭可申请减免费用。\n" +
		"二、服务内容\n" +
		"（一）作业辅导\n教师指导学生完成书面作业。\n" +
		"（二）兴趣活动。开展体育、艺术和科普活动。\n" +
		"（三）阅读指导\n组织学生开展课外阅读。\n" +
		"三、工作要求各校要高度重视，认真组织。\n" +
		"示例县教育体育局\n2024年3月1日\n"
	r, err := Text("notice.txt", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	md := string(r.Markdown)
	wantIn(t, "document", md,
		"\n## 一、服务对象\n\n1.本校在读的一至六年级学生，家长自愿提出申请的，学校应予接收。\n\n2、户籍在学区内的优先。\n\n3.确有困难的家庭可申请减免费用。\n\n## 二、服务内容\n\n",
		"\n### （一）作业辅导\n\n教师指导学生完成书面作业。\n\n### （二）兴趣活动\n\n开展体育、艺术和科普活动。\n\n### （三）阅读指导\n\n",
		"\n## 三、工作要求\n\n各校要高度重视，认真组织。\n\n示例县教育体育局\n\n2024年3月1日\n",
	)
	wantNotIn(t, "document", md, "####")
	if diags := Validate([]*Result{r}); len(diags) > 0 {
		t.Errorf("rejected: %v", diags)
	}
}
