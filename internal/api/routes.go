package api

import (
	"net/http"

	"jixiao"
	"jixiao/internal/audit"
	"jixiao/internal/check"
	"jixiao/internal/scoring"
)

// Routes is the table of the API's operations, in the order the OpenAPI
// description lists them.
func (a *API) Routes() []Route {
	get, post, put, del := http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete
	return append([]Route{
		{Method: get, Path: "/openapi.json", Summary: "本接口的 OpenAPI 3 描述", Public: true, Response: map[string]any{}, Handle: a.openapi},
		{Method: post, Path: "/login", Summary: "登录（浏览器会话）", Public: true, Body: LoginRequest{}, Response: jixiao.User{}, Handle: a.login},
		{Method: post, Path: "/logout", Summary: "退出登录", Public: true, Response: Done{}, Handle: a.logout},
		{Method: get, Path: "/me", Summary: "当前用户", Response: jixiao.User{}, Handle: a.me},
		{Method: post, Path: "/me/password", Summary: "修改自己的密码", Body: PasswordRequest{}, Response: Done{}, Handle: a.myPassword},

		{Method: get, Path: "/tokens", Summary: "自己的 API 令牌", Response: List[*jixiao.Token]{}, Handle: a.tokens},
		{Method: post, Path: "/tokens", Summary: "新建 API 令牌（令牌只显示这一次）", Body: TokenRequest{}, Response: TokenCreated{}, Handle: a.createToken},
		{Method: del, Path: "/tokens/{id}", Summary: "撤销 API 令牌", Response: Done{}, Handle: a.revokeToken},

		{Method: get, Path: "/users", Summary: "用户列表（管理员）", Response: List[*jixiao.User]{}, Handle: a.users},
		{Method: post, Path: "/users", Summary: "新建用户（管理员）", Body: UserRequest{}, Response: jixiao.User{}, Handle: a.createUser},
		{Method: get, Path: "/users/{id}", Summary: "用户（本人或管理员）", Response: jixiao.User{}, Handle: a.user},
		{Method: put, Path: "/users/{id}", Summary: "修改用户（管理员）", Body: UserPatchRequest{}, Response: jixiao.User{}, Handle: a.updateUser},
		{Method: post, Path: "/users/{id}/password", Summary: "重设用户密码（管理员）", Body: PasswordRequest{}, Response: Done{}, Handle: a.setPassword},
		{Method: del, Path: "/users/{id}/sessions", Summary: "结束用户的全部会话并撤销其 API 令牌（本人或管理员）", Response: Done{}, Handle: a.endSessions},

		{Method: get, Path: "/orgs", Summary: "可见的单位", Response: List[*jixiao.OrgRecord]{}, Handle: a.orgs},
		{Method: post, Path: "/orgs", Summary: "新建单位（管理员）", Body: jixiao.OrgRecord{}, Response: jixiao.OrgRecord{}, Handle: a.createOrg},
		{Method: get, Path: "/orgs/{id}", Summary: "单位", Response: jixiao.OrgRecord{}, Handle: a.org},

		{Method: get, Path: "/evaluations", Summary: "评价列表（分页）", Query: filterParams,
			Response: List[*jixiao.EvaluationInfo]{}, Handle: a.evaluations},
		{Method: get, Path: "/summaries", Summary: "评价一览：得分、等级、预算执行率、核查结果数（分页）", Query: filterParams,
			Response: List[*jixiao.Summary]{}, Handle: a.summaries},
		{Method: get, Path: "/rollup", Summary: "逐级汇总（省-市-县-部门）：所选单位下一级各单位及其全部下级单位的评价数（按状态）、得分（平均、最低、最高、分数段、等级）、预算金额与执行率、核查结果数；默认为本人可见范围的顶层",
			Query:    []Param{{"org", "integer", "单位编号（省略：本人可见范围的顶层）"}, {"year", "integer", "年度（省略：有评价的最近一年）"}},
			Response: jixiao.Rollup{}, Handle: a.rollup},
		{Method: post, Path: "/evaluations", Summary: "导入案例（YAML、JSON，或 Excel 工作簿：案例工作簿或填好的标准自评表）", Query: []Param{{"org", "integer", "单位编号（默认为本人所在部门）"}, {"replace", "boolean", "覆盖已有的同一评价"}},
			Body: jixiao.Evaluation{}, Response: jixiao.EvaluationInfo{}, MaxBody: CaseBody, Handle: a.importCase},
		{Method: post, Path: "/import-jobs", Summary: "在后台导入案例（适合大的工作簿）：立即返回 202 和任务；完成后 GET /jobs/{id}/result 为所导入的评价概况（JSON），有误时任务失败并说明原因",
			Query: []Param{{"org", "integer", "单位编号（默认为本人所在部门）"}, {"replace", "boolean", "覆盖已有的同一评价"}},
			Body:  jixiao.Evaluation{}, Response: jixiao.Job{}, Status: http.StatusAccepted, MaxBody: CaseBody, Handle: a.startImport},
		{Method: post, Path: "/report-audits", Summary: "核查一份自评报告（请求体为 .docx 或 UTF-8 文本）文字中的数字是否相互一致；不保存",
			Query: []Param{{"name", "string", "文件名（按扩展名识别 .docx、.txt、.md；省略时按内容识别）"}}, Body: []byte{}, Response: check.JSONReport{}, MaxBody: audit.MaxSize, Handle: a.auditReport},
		{Method: get, Path: "/evaluations/{id}", Summary: "评价概况", Response: jixiao.EvaluationInfo{}, Handle: a.evaluation},
		{Method: del, Path: "/evaluations/{id}", Summary: "删除未提交过的草稿", Query: []Param{{"version", "integer", "读取时的版本"}}, Response: Done{}, Handle: a.deleteEvaluation},
		{Method: get, Path: "/evaluations/{id}/permissions", Summary: "当前用户对该评价的权限", Response: jixiao.Permissions{}, Handle: a.permissions},
		{Method: get, Path: "/evaluations/{id}/case", Summary: "完整案例", Response: jixiao.Evaluation{}, Handle: a.getCase},
		{Method: put, Path: "/evaluations/{id}/case", Summary: "整体替换案例", Query: []Param{{"revision", "integer", "读取时的修订号"}}, Body: jixiao.Evaluation{}, Response: jixiao.EvaluationInfo{}, MaxBody: CaseBody, Handle: a.putCase},
		{Method: get, Path: "/evaluations/{id}/budget", Summary: "部门收支预决算", Response: jixiao.Budget{}, Handle: a.getBudget},
		{Method: put, Path: "/evaluations/{id}/budget", Summary: "修改部门收支预决算", Body: BudgetRequest{}, Response: jixiao.EvaluationInfo{}, Handle: a.putBudget},
		{Method: get, Path: "/evaluations/{id}/scorecard", Summary: "评分表（每项得分及说明）", Response: scoring.JSONScorecard{}, Handle: a.scorecard},
		{Method: get, Path: "/evaluations/{id}/findings", Summary: "核查结果", Response: check.JSONReport{}, Handle: a.findings},
		{Method: get, Path: "/evaluations/{id}/years", Summary: "历年对比：同一评价对象各年度的得分、等级、预算执行率和各项指标（指标按指标库编码或名称对应）", Response: jixiao.YearComparison{}, Handle: a.years},
		{Method: get, Path: "/evaluations/{id}/report", Summary: "下载报告或表格", Query: []Param{{"format", "string", "docx（默认）、html、pdf 或 xlsx"}}, Response: []byte{}, Handle: a.report},
		{Method: get, Path: "/evaluations/{id}/check-report", Summary: "下载核查报告（核查结果汇总与逐条说明，供提交前自查和复核；不属于提交材料）", Query: []Param{{"format", "string", "docx（默认）、html 或 pdf"}}, Response: []byte{}, Handle: a.checkReport},
		{Method: post, Path: "/evaluations/{id}/report-jobs", Summary: "在后台生成报告或核查报告（适合 PDF）：立即返回 202 和任务，用 GET /jobs/{id} 查询进度，完成后用 GET /jobs/{id}/result 下载",
			Query:    []Param{{"format", "string", "pdf（默认）、docx、html 或 xlsx（核查报告无 xlsx）"}, {"check", "boolean", "true：生成核查报告而非报告"}},
			Response: jixiao.Job{}, Status: http.StatusAccepted, Handle: a.startReport},
		{Method: post, Path: "/evaluations/{id}/submit", Summary: "提交复核（审核人）", Body: TransitionRequest{}, Response: jixiao.EvaluationInfo{}, Handle: a.transition(jixiao.ActionSubmit)},
		{Method: post, Path: "/evaluations/{id}/return", Summary: "退回，附逐项意见（财政复核、第三方评价机构）", Body: TransitionRequest{}, Response: jixiao.EvaluationInfo{}, Handle: a.transition(jixiao.ActionReturn)},
		{Method: post, Path: "/evaluations/{id}/accept", Summary: "通过（财政复核、第三方评价机构）", Body: TransitionRequest{}, Response: jixiao.EvaluationInfo{}, Handle: a.transition(jixiao.ActionAccept)},
		{Method: post, Path: "/evaluations/{id}/reopen", Summary: "重新打开已通过的评价，须写明原因（管理员、通过该评价的复核人）", Body: TransitionRequest{}, Response: jixiao.EvaluationInfo{}, Handle: a.transition(jixiao.ActionReopen)},
		{Method: get, Path: "/evaluations/{id}/transitions", Summary: "流转记录", Response: List[*jixiao.Transition]{}, Handle: a.transitions},
		{Method: get, Path: "/evaluations/{id}/comments", Summary: "复核意见", Response: List[*jixiao.Comment]{}, Handle: a.comments},
		{Method: get, Path: "/evaluations/{id}/audit", Summary: "评价的审计记录（分页，可查找）", Query: append(append([]Param{}, auditSearch...), pageParams...), Response: List[*jixiao.AuditEntry]{}, Handle: a.evaluationAudit},

		{Method: get, Path: "/declarations", Summary: "绩效目标申报列表（分页）", Query: declFilterParams, Response: List[*jixiao.DeclarationInfo]{}, Handle: a.declarations},
		{Method: post, Path: "/declarations", Summary: "新建绩效目标申报（部门填报人、审核人）：其唯一的版本为草稿状态的原始申报", Query: []Param{{"org", "integer", "单位编号（默认为本人所在部门）"}},
			Body: jixiao.Declaration{}, Response: jixiao.DeclarationRecord{}, MaxBody: RecordsBody, Handle: a.createDeclaration},
		{Method: post, Path: "/declarations/carry-forward", Summary: "沿用上年：由上一年度已批复的申报生成本年度的申报草稿，并在指标值旁附上年实际完成值", Body: CarryForwardRequest{}, Response: jixiao.DeclarationRecord{}, Handle: a.carryForward},
		{Method: get, Path: "/declarations/{id}", Summary: "绩效目标申报（全部版本及审核记录）", Response: jixiao.DeclarationRecord{}, Handle: a.declaration},
		{Method: get, Path: "/declarations/{id}/permissions", Summary: "当前用户对该申报的权限", Response: jixiao.Permissions{}, Handle: a.declarationPermissions},
		{Method: put, Path: "/declarations/{id}", Summary: "修改最新版本（草稿或已退回）的内容", Body: DeclarationUpdate{}, Response: jixiao.DeclarationRecord{}, MaxBody: RecordsBody, Handle: a.updateDeclaration},
		{Method: post, Path: "/declarations/{id}/submit", Summary: "提交审核（部门填报人、审核人）", Body: DeclarationAction{}, Response: jixiao.DeclarationRecord{}, Handle: a.declarationAction("submit")},
		{Method: post, Path: "/declarations/{id}/return", Summary: "退回，附审核意见（财政复核）", Body: DeclarationAction{}, Response: jixiao.DeclarationRecord{}, Handle: a.declarationAction("return")},
		{Method: post, Path: "/declarations/{id}/approve", Summary: "批复，按审核规则逐项评分并计算等级（财政复核）", Body: DeclarationAction{}, Response: jixiao.DeclarationRecord{}, Handle: a.declarationAction("approve")},
		{Method: post, Path: "/declarations/{id}/revise", Summary: "申请目标调整或年中追加：以已批复的最新版本为底稿新建一版", Body: DeclarationAction{}, Response: jixiao.DeclarationRecord{}, Handle: a.declarationAction("revise")},
		{Method: get, Path: "/declarations/{id}/diff", Summary: "两个版本逐字段比较", Query: []Param{{"from", "integer", "版本号（默认1）"}, {"to", "integer", "版本号（默认2）"}}, Response: DeclarationDiff{}, Handle: a.declarationDiff},
		{Method: get, Path: "/declarations/{id}/findings", Summary: "申报核查结果（D01–D04、D06 及指标质量规则）", Query: []Param{{"version", "integer", "版本号（默认最新版本）"}}, Response: DeclarationFindings{}, Handle: a.declarationFindings},
		{Method: post, Path: "/declarations/{id}/baseline", Summary: "由最新批复的版本生成本年度自评（目标、指标、指标值和分值）；核查时与该版本比较（D05）", Response: jixiao.EvaluationInfo{}, Handle: a.declarationBaseline},

		{Method: get, Path: "/library", Summary: "指标库当前版本的指标（分页，可按编码、名称、一级和二级指标、状态查找），附版本号和当前用户可做的操作", Query: libraryParams, Response: LibraryList{}, Handle: a.library},
		{Method: get, Path: "/library/history", Summary: "指标库的各个版本：每次建议、确认、合并、停用都生成新版本（最新的在前，分页）", Query: pageParams, Response: List[*jixiao.LibraryVersion]{}, Handle: a.libraryHistory},
		{Method: get, Path: "/library/export", Summary: "下载指标库当前版本", Query: []Param{{"format", "string", "xlsx（默认）或 yaml"}}, Response: []byte{}, Handle: a.exportLibrary},
		{Method: post, Path: "/library", Summary: "建议新指标（部门填报人、审核人）：分配新的指标编码（CX-0001……），状态为“建议”", Body: LibraryProposal{}, Response: jixiao.LibraryIndicator{}, Handle: a.proposeIndicator},
		{Method: post, Path: "/library/{code}/confirm", Summary: "确认建议的指标（财政复核）", Response: jixiao.LibraryIndicator{}, Handle: a.libraryAction(jixiao.LibActionConfirm)},
		{Method: post, Path: "/library/{code}/merge", Summary: "把重复的指标并入另一个指标（财政复核）：重复指标停用，按其编码查找得到保留的指标", Body: LibraryMerge{}, Response: jixiao.LibraryIndicator{}, Handle: a.libraryAction(jixiao.LibActionMerge)},
		{Method: post, Path: "/library/{code}/retire", Summary: "停用指标（财政复核）：指标及其编码仍保留在库中", Response: jixiao.LibraryIndicator{}, Handle: a.libraryAction(jixiao.LibActionRetire)},
		{Method: post, Path: "/library/{code}/edit", Summary: "修改指标的内容（财政复核）：名称、一级和二级指标、指标性质、度量单位、计算口径、数据来源、指标值确定依据、是否核心绩效指标、领域、来源文件和来源地址；指标编码不变，生成新版本并记下修改理由", Body: LibraryEdit{}, Response: jixiao.LibraryIndicator{}, Handle: a.editIndicator},
		{Method: get, Path: "/library/versions/{version}", Summary: "指标库以前的某一版本（只读，分页）", Query: pageParams, Response: LibraryVersionPage{}, Handle: a.libraryVersion},
		{Method: get, Path: "/library/versions/{version}/export", Summary: "下载指标库以前的某一版本（与当前版本的下载格式相同）", Query: []Param{{"format", "string", "xlsx（默认）或 yaml"}}, Response: []byte{}, Handle: a.exportLibrary},
		{Method: get, Path: "/library/compare", Summary: "比较指标库的两个版本：逐个指标列出新增、停用、合并、确认、修改及各项目的原值和新值", Query: []Param{{"from", "integer", "原版本号"}, {"to", "integer", "新版本号"}}, Response: LibraryComparison{}, Handle: a.compareLibrary},

		{Method: get, Path: "/evaluations/{id}/projects", Summary: "项目列表", Response: List[*jixiao.ProjectRecord]{}, Handle: a.projects},
		{Method: get, Path: "/projects/{id}", Summary: "项目", Response: jixiao.ProjectRecord{}, Handle: a.project},
		{Method: put, Path: "/projects/{id}", Summary: "修改项目（不含其指标）", Body: ProjectRequest{}, Response: jixiao.ProjectRecord{}, Handle: a.updateProject},
		{Method: post, Path: "/evaluations/{id}/projects", Summary: "新增项目（可含指标）", Body: jixiao.Project{}, Response: jixiao.ProjectRecord{}, MaxBody: RecordsBody, Handle: a.createProject},
		{Method: del, Path: "/projects/{id}", Summary: "删除项目及其指标", Query: []Param{{"version", "integer", "读取时的版本"}}, Response: Done{}, Handle: a.deleteProject},

		{Method: get, Path: "/evaluations/{id}/goals", Summary: "分项绩效目标列表", Response: List[*jixiao.GoalRecord]{}, Handle: a.goals},
		{Method: get, Path: "/goals/{id}", Summary: "分项绩效目标", Response: jixiao.GoalRecord{}, Handle: a.goal},
		{Method: put, Path: "/goals/{id}", Summary: "修改分项绩效目标（含扣分，不含其指标）", Body: GoalRequest{}, Response: jixiao.GoalRecord{}, Handle: a.updateGoal},
		{Method: post, Path: "/evaluations/{id}/goals", Summary: "新增分项绩效目标（可含扣分和指标）", Body: jixiao.Goal{}, Response: jixiao.GoalRecord{}, MaxBody: RecordsBody, Handle: a.createGoal},
		{Method: del, Path: "/goals/{id}", Summary: "删除分项绩效目标及其指标", Query: []Param{{"version", "integer", "读取时的版本"}}, Response: Done{}, Handle: a.deleteGoal},

		{Method: get, Path: "/evaluations/{id}/indicators", Summary: "指标列表", Response: List[*jixiao.IndicatorRecord]{}, Handle: a.indicators},
		{Method: post, Path: "/evaluations/{id}/indicators", Summary: "新增指标", Body: NewIndicatorRequest{}, Response: jixiao.IndicatorRecord{}, Handle: a.createIndicator},
		{Method: post, Path: "/evaluations/{id}/indicators/batch", Summary: "批量新增指标（全部成功或全部不保存）", Body: NewIndicatorsRequest{}, Response: List[*jixiao.IndicatorRecord]{}, MaxBody: RecordsBody, Handle: a.createIndicators},
		{Method: get, Path: "/indicators/{id}", Summary: "指标", Response: jixiao.IndicatorRecord{}, Handle: a.indicator},
		{Method: put, Path: "/indicators/{id}", Summary: "修改指标（含扣分）", Body: IndicatorRequest{}, Response: jixiao.IndicatorRecord{}, Handle: a.updateIndicator},
		{Method: del, Path: "/indicators/{id}", Summary: "删除指标", Query: []Param{{"version", "integer", "读取时的版本"}}, Response: Done{}, Handle: a.deleteIndicator},
		{Method: get, Path: "/indicators/{id}/evidence", Summary: "指标的佐证材料", Response: List[*jixiao.EvidenceRecord]{}, Handle: a.evidence},
		{Method: post, Path: "/indicators/{id}/evidence", Summary: "添加佐证材料", Body: EvidenceRequest{}, Response: jixiao.EvidenceRecord{}, Handle: a.addEvidence},

		{Method: post, Path: "/evaluations/{id}/files", Summary: "上传佐证文件（multipart 表单字段 file）", Body: []byte{}, Response: jixiao.FileInfo{}, MaxBody: FileBody, Handle: a.upload},
		{Method: get, Path: "/evaluations/{id}/files", Summary: "佐证文件列表", Response: List[*jixiao.FileInfo]{}, Handle: a.files},
		{Method: get, Path: "/files/{id}", Summary: "下载佐证文件", Response: []byte{}, Handle: a.file},

		{Method: get, Path: "/rulebooks", Summary: "评分规则：内置的和服务器上保存的", Response: List[*jixiao.StoredRulebook]{}, Handle: a.rulebooks},
		{Method: post, Path: "/rulebooks", Summary: "保存一个评分规则文件（YAML；管理员、财政复核）：保存其完整内容（含所继承的规则），同名的新内容成为新版本",
			Query: []Param{{"name", "string", "文件名"}}, Body: []byte{}, Response: RulebookSaved{}, Handle: a.saveRulebook},
		{Method: get, Path: "/rulebooks/{ref}", Summary: "服务器上保存的评分规则及其内容（名称@版本，或名称表示最新版本）", Response: jixiao.StoredRulebook{}, Handle: a.rulebook},

		{Method: get, Path: "/rule-files", Summary: "财政局上传的监控预警规则、结果应用规则和工作日历的各版本（不含内容），按类型和版本从新到旧", Query: []Param{ruleKindParam}, Response: List[*jixiao.RuleFile]{}, Handle: a.ruleFiles},
		{Method: post, Path: "/rule-files", Summary: "上传一个监控预警规则、结果应用规则或工作日历文件（YAML 或 JSON，不超过 256 KiB；管理员、财政复核）：按与服务器文件相同的规则检查，通过后成为该类型的新版本；内容相同时返回已有的版本；有错误时不保存并指出行号和字段",
			Query: []Param{ruleKindParam, {"name", "string", "文件名"}}, Body: []byte{}, Response: RuleFileSaved{}, Handle: a.saveRuleFile},
		{Method: get, Path: "/rule-files/{id}", Summary: "上传的规则或日历的一个版本及其内容", Response: jixiao.RuleFile{}, Handle: a.ruleFile},
		{Method: get, Path: "/results-application/rules", Summary: "该年度结果应用所用的结果应用规则（上传的版本，或内置规则）", Query: yearParam, Response: jixiao.ResultRulesChoice{}, Handle: a.resultRules},
		{Method: post, Path: "/results-application/rules", Summary: "选定该年度结果应用所用的结果应用规则版本（管理员、财政复核；该年度尚未记录任何决定时）", Body: ResultRulesRequest{}, Response: jixiao.ResultRulesChoice{}, Handle: a.chooseResultRules},

		{Method: post, Path: "/rescore-jobs", Summary: "在后台重新评分（评分规则变更后；管理员、财政复核）：对可见的、使用该评分规则的全部评价重新评分和核查，结果为 CSV 文件",
			Query: []Param{{"rulebook", "string", "评分规则名称（省略时为全部评价）"}}, Response: jixiao.Job{}, Status: http.StatusAccepted, Handle: a.startRescore},
		{Method: post, Path: "/bulk-jobs", Summary: "在后台批量生成报告或表格（同财政复核总览上的“批量下载”）：按年度及筛选条件选出本人可见的评价，逐份生成后打包为一个 ZIP 文件（上限 64 MiB）；立即返回 202 和任务，完成后用 GET /jobs/{id}/result 下载",
			Body: jixiao.BulkReports{}, Response: jixiao.Job{}, Status: http.StatusAccepted, Handle: a.startBulk},
		{Method: get, Path: "/jobs/{id}", Summary: "后台任务的状态和进度（本人发起的任务；管理员可看全部）", Response: jixiao.Job{}, Handle: a.job},
		{Method: get, Path: "/jobs/{id}/result", Summary: "下载已完成的后台任务的结果文件（任务结束后保留一天）", Response: []byte{}, Handle: a.jobResult},
		{Method: post, Path: "/jobs/{id}/cancel", Summary: "取消后台任务：排队中的任务不再执行，进行中的任务被通知停止", Response: jixiao.Job{}, Handle: a.cancelJob},

		{Method: get, Path: "/tasks", Summary: "可见的任务（本单位下发的含全部对象；下发给本单位的只含本单位），按截止日期排列", Response: List[*jixiao.Task]{}, Handle: a.tasks},
		{Method: post, Path: "/tasks", Summary: "下发任务（管理员、财政复核）：给下级部门或其项目，附截止日期和提前提醒天数", Body: TaskRequest{}, Response: jixiao.Task{}, Handle: a.createTask},
		{Method: get, Path: "/tasks/{id}", Summary: "任务及各对象的办理进度", Response: jixiao.Task{}, Handle: a.task},
		{Method: post, Path: "/task-assignees/{id}/move", Summary: "改变一个对象的办理状态：部门开始办理或提交；财政部门退回（须写明理由）或验收完成", Body: MoveRequest{}, Response: Done{}, Handle: a.moveTask},
		{Method: get, Path: "/inbox", Summary: "本人的待办：即将到期、已逾期、已退回的任务；财政部门另有逾期和待验收的下级任务", Response: List[jixiao.InboxItem]{}, Handle: a.inbox},
		{Method: get, Path: "/notices", Summary: "发给本人可见单位的任务提醒（最近50条）", Response: List[*jixiao.TaskReminder]{}, Handle: a.notices},

		{Method: get, Path: "/monitoring/rounds", Summary: "可见的绩效运行监控轮次（本单位组织的含全部部门；下发给本单位的只含本单位的填报），按数据截止日期从新到旧", Response: List[*jixiao.MonitorRoundRecord]{}, Handle: a.monitorRounds},
		{Method: post, Path: "/monitoring/rounds", Summary: "组织一轮绩效运行监控（管理员、财政复核）：给下级部门下发监控填报任务，附数据截止日期和填报截止日期", Body: RoundRequest{}, Response: jixiao.MonitorRoundRecord{}, Handle: a.openMonitorRound},
		{Method: post, Path: "/monitoring/rounds/{id}/rule-files", Summary: "更换监控轮次所用的预警规则和工作日历版本（管理员、财政复核；尚无部门保存或提交填报时）", Body: RoundFilesRequest{}, Response: jixiao.MonitorRoundRecord{}, Handle: a.changeRoundRuleFiles},
		{Method: get, Path: "/monitoring/rounds/{id}", Summary: "监控轮次及各部门的填报、按预警规则计算的预警和处置情况（截至今天）", Response: jixiao.MonitorRoundView{}, Handle: a.monitorRound},
		{Method: get, Path: "/monitoring/rounds/{id}/report", Summary: "下载整轮监控的汇总报告：各部门预算执行和预警数、预警按规则和颜色统计、各部门的预警处置（可见的部门；截至今天）",
			Query: []Param{{"format", "string", "docx（默认）、html 或 pdf（PDF 也可在后台生成）"}}, Response: []byte{}, Handle: a.monitorRoundReport},
		{Method: post, Path: "/monitoring/rounds/{id}/report-jobs", Summary: "在后台生成整轮监控汇总报告 PDF：立即返回 202 和任务，用 GET /jobs/{id} 查询进度，完成后用 GET /jobs/{id}/result 下载",
			Response: jixiao.Job{}, Status: http.StatusAccepted, Handle: a.startMonitorRoundReport},
		{Method: post, Path: "/monitoring/entries/{id}", Summary: "保存本部门的监控填报（部门整体和各项目的预算、执行数、指标完成进度和预计完成程度）；submit 为 true 时同时提交", Body: EntryRequest{}, Response: jixiao.MonitorEntry{}, MaxBody: RecordsBody, Handle: a.saveMonitorEntry},
		{Method: post, Path: "/monitoring/entries/{id}/report-jobs", Summary: "在后台生成已提交填报的监控报告 PDF：立即返回 202 和任务，用 GET /jobs/{id} 查询进度，完成后用 GET /jobs/{id}/result 下载",
			Response: jixiao.Job{}, Status: http.StatusAccepted, Handle: a.startMonitorReport},
		{Method: post, Path: "/monitoring/entries/{id}/dispositions", Summary: "处置一项预警（继续执行、调剂或取消，写明理由）", Body: DispositionRequest{}, Response: jixiao.MonitorEntry{}, Handle: a.disposeMonitorWarning},

		{Method: get, Path: "/audit", Summary: "审计日志（分页）", Query: append([]Param{{"entity", "string", "记录类型：evaluation、indicator、goal、project、user、org…"},
			{"entity_id", "integer", "记录编号"}, {"user", "integer", "操作人编号"}}, append(append([]Param{}, auditSearch...), pageParams...)...), Response: List[*jixiao.AuditEntry]{}, Handle: a.audit},
	}, a.recheckRoutes()...)
}

// Done is the response of an action without a resource to return.
type Done struct {
	OK bool `json:"ok"`
}

func done(w http.ResponseWriter) error { return ok(w, Done{OK: true}) }
