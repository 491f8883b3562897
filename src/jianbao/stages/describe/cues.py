"""What the describe finders look for, kept as data apart from the logic that uses it.

Extend these lists when the newspaper shows a convention the finders miss; every entry is a plain
string or a small pattern, so a reader can check it against a printed page.
"""

from __future__ import annotations

# -- places -----------------------------------------------------------------------------------
#: a name followed by one of these is not the place (北京路 is a street in Guangzhou, 辽宁号 a ship)
NOT_PLACE_AFTER = ("路", "街", "大道", "大街", "巷", "胡同", "号", "舰", "装", "陵", "时间", "合作组织")
#: a short form preceded by one of these is part of a name (孙中山)
NOT_PLACE_BEFORE = frozenset("孙")
#: short forms never read as places on their own
SHORT_FORM_SKIP = frozenset({
    "城区", "郊区", "矿区", "新区", "市中", "城中", "东区", "西区", "南区", "北区", "河东", "河西",
    "东方", "城关", "古城", "新城", "中原", "江南", "高新", "长安", "前进", "新华", "和平", "共和",
    "铁西", "铁东", "向阳", "胜利", "红旗", "新兴", "新市", "永安", "太平", "安定", "和顺", "大方",
    "普洱", "阿里", "三明", "安康", "白银",
})
#: short forms of counties ending so name a landform first (泰山 the mountain, 泰山区 the district)
LANDFORM_END = ("山", "湖", "江", "河", "岛", "海", "峰", "岭")
#: countries not listed: China itself, and 中非 (usually "China–Africa", not the Central African Republic)
COUNTRY_SKIP = frozenset({"中国", "中华人民共和国", "中非"})

# -- people -----------------------------------------------------------------------------------
#: news agencies and papers whose staff sign stories
AGENCY = r"(?:本报|新华社|人民网|人民日报|中新社|新华网|光明日报|经济日报|央视|中央广播电视总台)"
#: a reporter cue: 本报记者, 新华社记者, 本报驻巴西记者, 特约记者, 通讯员
REPORTER_CUE = AGENCY + r"?(?:驻[\u4e00-\u9fff]{1,8}?)?(?:特约|实习|首席)?(?:记者|通讯员)"
#: label: names — credits printed as "label：name"
CREDIT_LABELS = {
    "责任编辑": "editor", "本版责编": "editor", "责编": "editor", "编辑": "editor",
    "版式设计": "designer", "美编": "designer", "制图": "designer", "绘图": "designer",
    "本版摄影": "photographer", "摄影": "photographer", "摄": "photographer",
    "采访整理": "reporter", "参与采写": "reporter", "撰文": "author", "文": "author",
    "作者": "author", "执笔": "author", "插画": "designer", "漫画": "designer",
}
#: words that end a list of names in a credit
NAME_LIST_END = ("摄影报道", "摄影", "摄", "供图", "采访整理", "整理", "报道", "参与采写", "采写", "绘", "制图")

#: titles the text gives people it names (村党支部书记李建国, 外交部发言人华春莹); longest first when matched
TITLES = (
    "总书记", "书记", "主席", "委员长", "总理", "总统", "首相", "国王", "外长", "外交部长", "部长", "大使",
    "特使", "发言人", "主任", "局长", "厅长", "处长", "科长", "省长", "市长", "县长", "区长", "州长",
    "乡长", "镇长", "村长", "主任委员", "院长", "校长", "所长", "站长", "队长", "组长", "班长", "团长",
    "会长", "理事长", "秘书长", "社长", "行长", "馆长", "厂长", "董事长", "总经理", "经理", "总裁",
    "总监", "负责人", "创始人", "合伙人", "政委", "司令员", "参谋长", "指导员", "教导员", "检察长",
    "审判长", "庭长", "法官", "检察官", "民警", "警官", "辅警", "所长", "教授", "研究员", "院士",
    "博士", "讲师", "教师", "老师", "医生", "医师", "护士长", "护士", "专家", "学者", "总工程师",
    "工程师", "技术员", "村民", "居民", "农民", "牧民", "渔民", "市民", "游客", "旅客", "乘客",
    "党员", "志愿者", "工人", "职工", "员工", "干部", "代表", "委员", "主编", "总编辑", "导演",
    "演员", "作家", "画家", "诗人", "歌手", "运动员", "教练", "选手", "机长", "船长", "列车长",
    "大队长", "支队长", "中队长", "网友", "学生", "同学", "传承人", "店主", "老板", "户主", "女士",
    "先生", "司机", "快递员", "外卖小哥", "环卫工", "村医", "驻村干部", "驻村工作队员",
)
#: what may precede a title as part of it (村党支部, 外交部, 长沙市岳麓区人民法院) — stop at these
TITLE_LEFT_STOP = ",.;:!?，。；：、！？“”‘’《》()（）[]【】 \n的了在和与及或对向是为从由被把将说等也又还都就"

#: common surnames (single and double): a mentioned name must start with one
SURNAMES_2 = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
              "司徒", "夏侯", "令狐", "端木", "澹台", "申屠", "西门", "南宫", "呼延", "独孤", "万俟")
SURNAMES_1 = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃"
    "武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒"
    "阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓"
    "古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣"
    "巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满"
    "闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙"
    "浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干"
    "但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)
#: surnames that are also everyday function words: before a place they are the word (和北京, 向长沙)
NOT_SURNAME_HERE = frozenset("和于向在与对由为从经把被到给让使将同跟据自当及以赴至")
#: after a candidate two-character given name, these mean the name was only two characters long
AFTER_NAME = frozenset("说在是等的和与也就对将带为把被向到给从却还又都曾已正便才所让叫请要表介指告坦回认笑感称强透讲谈接问答看")

# -- organisations ----------------------------------------------------------------------------
#: how an organisation's name ends; longest first when matched
ORG_SUFFIXES = (
    "人民法院", "人民检察院", "中级人民法院", "高级人民法院", "法院", "检察院", "公安局", "公安厅",
    "派出所", "交警支队", "交警大队", "消防救援支队", "党委", "党组", "党支部", "党工委", "纪委",
    "监委", "委员会", "人民政府", "政府", "办公厅", "办公室", "大学", "学院", "中学", "小学", "幼儿园",
    "学校", "医院", "卫生院", "疾控中心", "卫健委", "研究院", "研究所", "科学院", "实验室", "公司",
    "集团", "银行", "协会", "学会", "基金会", "联合会", "商会", "合作社", "出版社", "报社", "电视台",
    "博物馆", "图书馆", "纪念馆", "管理局", "监督管理局", "总局", "统计局", "税务局", "教育局", "卫健局",
    "民政局", "财政局", "商务局", "交通运输局", "市场监管局", "自然资源局", "生态环境局", "农业农村局",
    "水利局", "林业局", "文化和旅游局", "应急管理局", "宣传部", "组织部", "统战部", "外交部", "商务部",
    "教育部", "财政部", "公安部", "民政部", "司法部", "交通运输部", "农业农村部", "水利部", "科技部",
    "工业和信息化部", "自然资源部", "生态环境部", "住房和城乡建设部", "文化和旅游部", "应急管理部",
    "人力资源和社会保障部", "国防部", "办公厅", "审计署", "海关总署", "海关", "指挥部", "研究中心",
    "服务中心", "指挥中心", "工作站", "服务站", "街道办事处", "居委会", "村委会", "理事会", "卫生健康委员会",
)
#: a candidate organisation must not start with these
ORG_LEFT_STOP = TITLE_LEFT_STOP + "据近今昨去这那其各该此有没无不已"
