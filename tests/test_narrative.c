/*
 * test_narrative.c: published counts and prose-versus-table findings.
 *
 * The seed reports' prose parts (preamble, 一, 五, 六) are copied below
 * verbatim from tests/gold, line breaks and full-width punctuation
 * included, with the line of each part's heading: the published counts
 * read from them and the absence of false findings against their own
 * tables are asserted first.  Then the same and a few written sentences
 * are read against tables that disagree.
 */
#include <string.h>

#include "check.h"
#include "record/narrative.h"
#include "record/prose.h"
#include "record/record.h"

typedef struct seed_section {
    const char *report;         /* first three characters of the file name */
    int number, line;
    const char *heading, *body;
} seed_section;

static const seed_section seed_sections[] = {
    { "000", 0, 0, "",
          "红寺堡区卫生健康局\n"
          "2023 年度政府信息公开工作年度报告\n"
          "\n"
          "根据《中华人民共和国政府信息公开条例》规定和《国\n"
          "\n"
          "务院办公厅政府信息与政务公开办公室关于印发<中华人民\n"
          "\n"
          "共和国政府信息公开工作年度报告格式>的通知（国办公开\n"
          "\n"
          "办函〔2021〕30 号）要求，现发布《红寺堡区卫生健康局\n"
          "\n"
          "2023 年政府信息公开工作年度报告》，本报告统计数据从\n"
          "\n"
          "2023年 1月 1日至 12月 31日。本报告的电子版可在红寺堡\n"
          "\n"
          "区人民政府网站上下载。如对本报告有疑问，请联系红寺堡\n"
          "\n"
          "区卫生健康局办公室（地址：红 寺 堡 区 燕 然 路 综 合\n"
          "\n"
          "大 楼 2 楼 ；邮 编 ： 751999 ；电 话 ：0953-5090519 ；\n"
          "\n"
          "传 真 ：0953-5090519 ；电 子 邮 箱 ：hspwjj@126.com）。\n" },
    { "000", 1, 25, "一、总体情况",
          "2023年，我局认真贯彻执行《中华人民共和国政府信息\n"
          "\n"
          "公开条例》及区相关部门的工作要求，积极推动主动公开和\n"
          "\n"
          "依申请公开工作，保障社会公众可从多种渠道依法获取政府\n"
          "\n"
          "信息，推动政府信息公开工作落实到位。\n"
          "\n"
          "（一）主动公开情况。\n"
          "\n"
          "2023年共发布行政许可、行政处罚、部门文件、工作动\n"
          "\n"
          "态信息、健康知识科普方面主动公开政府信息 343条，其中\n"
          "\n"
          "红寺堡区人民政府门户网站 94 条，分别在医疗卫生、政策\n"
          "\n"
          "解读、部门文件、公示公告、法治政府建设等专栏发布；“健\n"
          "\n"
          "康红寺堡”微信公众号发布信息 249条。\n"
          "\n"
          "\n"
          "\n"
          "（二）依申请公开情况。\n"
          "\n"
          "截至 2023 年 12 月 31 日，我局接收到公民、法人或其\n"
          "\n"
          "他社会组织提出的政府信息公开申请 1件。未发生由政府信\n"
          "\n"
          "息公开引发的行政复议和行政诉讼。\n"
          "\n"
          "（三）政府信息管理情况。\n"
          "\n"
          "一是按照政府信息公开工作要求，更新维护《红寺堡区\n"
          "\n"
          "卫生健康局政府信息公开指南》。二是完善信息发布审核机\n"
          "\n"
          "制，规范信息发布质量，杜绝涉敏涉密信息上网。三是规范\n"
          "\n"
          "“健康红寺堡”政务新媒体运行，建立完善制度规则，从运\n"
          "\n"
          "营管理、制度建设等方面进一步规范公众号的建设和管理。\n"
          "\n"
          "（四）政府信息公开平台建设情况。\n"
          "\n"
          "充分发挥红寺堡区政府门户网站作为政府信息公开第\n"
          "\n"
          "一平台的作用，认真梳理主动公开政府信息，不断拓展信息\n"
          "\n"
          "公开内容。建立健全组织保障、信息发布审核等制度，确保\n"
          "\n"
          "网站信息公开内容规范准确，更新及时。按照“规范、及时、\n"
          "\n"
          "便民”的原则，除涉及国家机密等信息不公开外，对本单位\n"
          "\n"
          "机构设置、服务指南、联系方式、政策法规、工作动态等有\n"
          "\n"
          "关政务信息内容均对外公开。\n"
          "\n"
          "（五）监督保障情况。\n"
          "\n"
          "加强和完善领导机制，根据人员变动及时调整和充实政\n"
          "\n"
          "府信息公开工作领导小组，具体日常工作由下设办公室负责，\n"
          "\n"
          "安排专人兼职负责政务公开工作。按时通过红寺堡区政务公\n"
          "\n"
          "\n"
          "\n"
          "开办公室定期巡检，对出现的问题，立整立改。\n" },
    { "000", 5, 402, "五、存在的主要问题及改进情况",
          "2023年，我局的政府信息公开工作取得了一定成绩，但\n"
          "\n"
          "也还存在一些不足。一是政府信息公开的范围和深度不够，\n"
          "\n"
          "部分信息未能全面、及时地公开相关信息，导致公众无法获\n"
          "\n"
          "得全面、准确的信息。二是信息公开的平台建设不足，信息\n"
          "\n"
          "公开平台的功能和用户体验有待提升，平台的信息更新不及\n"
          "\n"
          "时，影响了公众获取信息的效率。\n"
          "\n"
          "下一步工作打算：一是完善信息公开制度明确公开的范\n"
          "\n"
          "围、内容和标准，进一步加大信息公开的力度，全面、及时\n"
          "\n"
          "地公开相关信息，满足公众的知情权。二是加强信息公开平\n"
          "\n"
          "台的建设和管理确保信息的及时更新和发布同时积极利用\n"
          "\n"
          "政务新媒体平台拓宽信息公开渠道提高与公众的互动和交\n"
          "\n"
          "流，提高互动性和便利性以满足公众获取信息的需求。三是\n"
          "\n"
          "将通过多种渠道加强与公众的互动交流，及时回应关切和反\n"
          "\n"
          "馈，增强政府与公众的沟通效果。\n" },
    { "000", 6, 432, "六、其他需要报告的事项",
          "（一）落实政务公开工作要点情况。卫生健康局作为政\n"
          "\n"
          "府组成部门，严格按照区人民政府关于政务公开工作的有关\n"
          "\n"
          "要求，切实把政务公开工作为一项重要的政治任务抓好、抓\n"
          "\n"
          "实。一是完成 4 篇图文解读信息，1期音乐快板政策解读；\n"
          "\n"
          "二是公开 1期 9件重大行政决策事项目录；三是开展 1期政\n"
          "\n"
          "府开放日活动，邀请义务监督员、记者、服务对象、部门代\n"
          "\n"
          "表、群众代表 20余人参加；四是完成 2次 QQ 群、微信群清\n"
          "\n"
          "理整合工作。\n"
          "\n"
          "（二）收取信息处理费情况。本年度我局收到公民、法\n"
          "\n"
          "人提出的政府信息公开申请 1件，无收取信息处理费情况。\n" },
    { "001", 0, 0, "",
          "利通区卫生健康局\n"
          "\n"
          "2023年政府信息公开工作年度报告\n"
          "\n"
          "根据《中华人民共和国政府信息公开条例》规定和《国务院办公厅政府信息与政务公开办公室关于印发<中华人民共和国政府信息公开工作年度报告格式>的通知》(国办公开办函[2021]30号)要求,现发布《吴忠市利通区卫生健康局2023年政府信息公开工作年度报告》,本报告统计数据从2023年1月1日起至2023年12月31日止。\n" },
    { "001", 1, 9, "一、总体情况",
          "1.主动公开情况。2023年全年按要求在政府门户网站主动公开信息36条,微信公众号发布信息52条。通过利通区卫生健康局微信公众号宣传医疗政策,常态化开展健康宣教工作;推送法律法规,提高公众守法意识。\n"
          "\n"
          "2.依申请公开政府信息情况。2023年,我局未收到公民、法人或其他组织提出的依申请公开事项。\n"
          "\n"
          "3.政府信息管理情况。一是强化组织领导。按照领导分工情况,由局长担任组长,相关科室负责同志为组员,局办公室具体负责政务及信息公开的组织、指导、协调和督查工作。为实施政务公开,提供组织保证,确保政务公开工作有组织、有领导、有计划、积极稳妥地开展。二是重视审查工作。结合各类日常业务培训会议、干部职工会议等,多次安排部署政府信息公开工作,要求各科\n"
          "\n"
          "室、各卫生院高度重视政府信息公开工作，并加强对信息公开的保密审查，凡行文科室均要求在文件上注明公开属性，切实提升信息公开的质量。三是创新公开形式。不断探索行之有效的办法，把公开内容和形式有机统一，推行电子政务，建立网络平台，逐步提升网上咨询、查询、审批、求助等服务项目质量。\n"
          "\n"
          "4. 平台建设情况。一是通过政务公开栏进行公开。设立“党务、政务、财务”公开栏，对外公开职责权限、办事指南、办事依据、办事程序、办事结果，对内公开内部管理制度、议事制度和领导干部廉洁自律、“三公”经费等内容。二是通过政府门户网站医疗卫生板块公开。定期发布应公开信息，充分利用门户网站发布政务信息，并指定专人负责及时更新相关内容。三是优化了利通区卫生健康局和各乡镇卫生院微信公众平台建设，发挥医疗卫生信息化技术优势，使办事的群众能直观、方便地了解办理业务程序，提高工作效率。四是局机关及基层医疗卫生机构全部设立了政府信息公开查阅点，主动向查阅点提供机构职能、办事的规范性文件、本年度主要工作任务分工情况和其他便民服务措施等信息，公开指南、政府公报等。\n"
          "\n"
          "5. 监督保障。采取日常督查和专项督查相结合的方式，从主动公开情况、依申请公开情况、对群众投诉的处理情况等方面压实工作职责。将政务公开工作情况纳入考核内容，并将考核结果作为年度考核的依据之一。强化督查督办，规范对违反政府信息公\n"
          "\n"
          "开规定行为的责任追究，确保政府信息公开工作的规范化、制度化。\n" },
    { "001", 5, 80, "五、存在的主要问题及改进情况",
          "存在的问题：一是信息更新不够及时、规范性有待提高。二是重点领域政府信息公开数据不够准确，发布的数据存在过时问题。三是政务新媒体访问不便捷，中老年公众使用信息平台体验差，难以找到所需信息。\n"
          "\n"
          "今后改进的措施：一是加强《政府信息公开条例》的学习，进一步提高依法办理申请信息的能力。二是认真梳理审查需要公开的信息，特别是公众关注度高的政府信息，保证公开信息的完整性和准确性。三是改善访问体验，进一步健全政务新媒体，切实为办事人员提供最优质的服务，提高信息平台易用性。\n" },
    { "001", 6, 86, "六、其他需要报告的事项",
          "1.2023年严格按照《利通区2023年政务工作要点》开展政务公开工作，相关任务台账全部落实完成。\n"
          "\n"
          "2.按照《国务院办公厅关于印发<政府信息公开信息处理费管理办法>的通知》(国办函〔2020〕109号)规定的按件、按量\n"
          "\n"
          "收费标准,本年度没有产生信息公开处理费用。\n"
          "\n"
          "3.本报告电子版可在利通区人民政府网站(www.ltq.gov.cn)查阅或下载。如有疑问或意见建议,可直接与吴忠市利通区卫生健康局办公室联系。地址:吴忠市利通区东塔寺乡吴灵东路(邮编:751100; 电话:0953-2125735; 传真 0953-2125735; 电子邮箱:ltqwsjsj@163.com)。\n" },
    { "002", 0, 0, "",
          "屈原管理区卫生健康局\n"
          "\n"
          "2023 年政府信息公开工作年度报告\n" },
    { "002", 1, 6, "一、总体情况",
          "2023 年，屈原管理区卫生健康局紧紧围绕卫生健康中心\n"
          "\n"
          "工作，不断提升主动公开工作质量，加强政策文件发布解读，\n"
          "\n"
          "积极回应公众关切，推进卫生健康政府信息公开工作取得实\n"
          "\n"
          "效。\n"
          "\n"
          "（一）加强组织领导，精心部署工作。\n"
          "\n"
          "政务公开工作政策性强、涉及面广，为确保单位各项政\n"
          "\n"
          "务公开工作落到实处，由主要领导亲自抓，分管领导具体抓，\n"
          "\n"
          "具体工作专人抓的工作机制。把政府信息公开工作列入重要\n"
          "\n"
          "议事议程，对推进政府信息公开工作进行动员和部署，全力\n"
          "\n"
          "做好信息公开工作。\n"
          "\n"
          "（二）深化公开内容，不断提升公开质量。\n"
          "\n"
          "为确保政务公开质量，我们严格按照政务公开的实施范\n"
          "\n"
          "围、内容、形式，加强政务公开工作制度建设，标准政务公\n"
          "\n"
          "开工作程序、内容和形式，突出重点，提高政务公开工作水\n"
          "\n"
          "平，实现政务公开工作常态管理，良性运转，优质效劳、诚\n"
          "\n"
          "信效劳，使广大干部职工充分行使民主决策、民主管理和民\n"
          "\n"
          "主监督的权利，创新载体，强化监督。\n"
          "\n"
          "（三）拓展公开渠道，丰富信息公开形式。\n"
          "\n"
          "\n"
          "\n"
          "以“公开为原则，不公开为例外”的原则，进一步坚持\n"
          "\n"
          "和完善信息公开栏目，认真创新信息公开的新载体、新形式，\n"
          "\n"
          "使信息公开的形式呈现灵活多样。把网站列为公开信息的重\n"
          "\n"
          "要途径，开设了专题专栏，将公开信息编制成公开目录，逐\n"
          "\n"
          "一上网发布。二是有效发挥微信公众号、电视、广播等作用，\n"
          "\n"
          "积极主动做好卫健工作、机关建设等动态信息的发布，让不\n"
          "\n"
          "同知识层次的群众通过不同渠道获取信息。以文字、图片、\n"
          "\n"
          "视频等形式发布最新的卫生健康工作动态，及时回应社会关\n"
          "\n"
          "切。\n" },
    { "002", 5, 405, "五、存在的主要问题及改进情况",
          "2023 年，我局政府信息公开工作取得了新的进展，信息\n"
          "\n"
          "公开工作质量相比以往得到明显提升，但与卫生健康领域政\n"
          "\n"
          "务公开标准及社会公众需求还存在一些差距，主要表现在对\n"
          "\n"
          "卫生健康事业新政策解读公开力度有待进一步加强。下一\n"
          "\n"
          "步，我局将从以下几方面加以改进。一是提高信息公开工作\n"
          "\n"
          "培训教育力度。进一步增强干部职工的政务公开意识，改进\n"
          "\n"
          "信息公开工作作风；同时加强与区政务信息管理部门沟通，\n"
          "\n"
          "\n"
          "\n"
          "理顺信息公开工作流程，提高信息公开工作效率。二是提高\n"
          "\n"
          "信息公开工作质量和完善政策解读。保持“公开为原则，不\n"
          "\n"
          "公开为例外”的工作态势，及时发布我区卫生健康工作新动\n"
          "\n"
          "态。认真对照卫生健康领域基层政务公开标准目录，做好各\n"
          "\n"
          "类卫生健康信息公开工作，切实服务社会，保障群众的知情\n"
          "\n"
          "权。\n"
          "\n"
          "六、其他需要报告的事项：无\n" },
    { "003", 0, 0, "",
          "红旗区卫生健康委员会 2025 年政府信息公开工作年度报告\n" },
    { "003", 1, 5, "一、总体情况",
          "(一) 主动公开:\n"
          "\n"
          "红旗区卫健委始终秉持以人民为中心的服务理念, 坚定不移地将常态化政府信息主动公开与更新工作落到实处。聚焦医疗保障、民生服务等重点领域, 2025 年通过“健康红旗”微信公众平台共发布信息 181 篇。\n"
          "\n"
          "(二) 依申请公开:\n"
          "\n"
          "2025 年, 红旗区卫健委严格按照《中华人民共和国政府信息公开条例》, 规范办理流程, 全年收到 1 项政府信息公开申请。\n"
          "\n"
          "(三) 政府信息管理:\n"
          "\n"
          "严格遵循“先审查、后公开”原则, 健全政府信息公开审查机制, 明确科室提供材料后需经主要领导审核, 从源头筑牢信息公开合规防线。同时, 对本单位行政规范性文件开展全面梳理, 进一步规范政府管理流程。此外, 持续完善工作机制, 定期参加业务培训, 提升信息收集、报送的准确性和时效性, 确保信息管理工作有序推进。\n"
          "\n"
          "(四) 政府信息公开平台建设:\n"
          "\n"
          "强化“健康红旗”微信公众号维护, 及时公布更新卫健领域日常工作重点、政策法规等信息, 采用图文、短视频等群众易接受的形式发布宣传信息。进一步规范政务信息公开管理, 严格执行信息发布“三审三校”制度, 提升内容可读性。\n"
          "\n"
          "(五) 监督保障:\n"
          "\n"
          "定期组织开展政务公开内容排查工作, 及时发现问题并进行整改。同时, 积极接受社会各界的监督和意见, 发布公众投诉意见网上接收渠道, 欢迎群众对政府信息公开工作进行评议监督, 强化责任追究, 保障人民群众的监督权。\n" },
    { "003", 5, 83, "五、存在的主要问题及改进情况",
          "(一) 存在的主要问题\n"
          "\n"
          "政务公开内容还需进一步丰富和细化。\n"
          "\n"
          "(二) 改进情况\n"
          "\n"
          "我委将提高信息的准确性和及时性，加强对政务公开工作的培训和指导，提高工作人员的专业素质和能力，提高对政府信息公开的认识，进一步提高工作效率。同时，加强与社会各界的沟通和合作，充分发挥各方的积极作用，共同推进政务公开工作。\n" },
    { "003", 6, 93, "六、其他需要报告的事项",
          "在办理依申请公开工作中，未向申请人收取任何费用。\n" },
    { "004", 0, 0, "",
          "沙坡头区卫生健康局 2025 年政府信息公开工作年度报告\n"
          "\n"
          "根据《中华人民共和国政府信息公开条例》（国务院令 711 号，以下简称《条例》）有关规定和《国务院办公厅政府信息公开与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30 号）要求，现发布《沙坡头区卫生健康局 2025 年政府信息公开工作年度报告》。本报告统计数据从 2025 年 1 月 1 日至 2025 年 12 月 31 日。\n" },
    { "004", 1, 7, "一、总体情况",
          "2025 年，在区委、区政府的坚强领导下，区卫健局严格落实《中华人民共和国政府信息公开条例》，在严守保密底线前提下，着力拓展政务公开广度、力度与深度。通过扩大公开范围、丰富公开形式、规范平台建设，保障群众知情权、参与权等合法权益，提升服务精准度与群众获得感，推动政务公开工作规范化、透明化发展，有效提升医疗卫生服务质量。\n"
          "\n"
          "（一）主动公开。2025 年通过政府网站主动公开各类文件信息共 98 条，其中，重点领域类信息 54 条，部门动态信息 10 条，公告公示类信息 34 条，政务新媒体发布信息 383 条。\n"
          "\n"
          "（二）依申请公开。本机关 2025 年收到政府信息公开申请 1 件，不予公开，已按照《宁夏回族自治区政府信息公开申请办理规范》办结答复，没有因政府信息公开申请引起的行政复议和行政诉讼。\n"
          "\n"
          "（三）政府信息管理。一是扎实推进卫生健康领域政务公开规范提升工作，重点做好重点领域信息公开，主动公开并及时更新卫生健康政策、医疗机构等相关信息。二是确立专人负责，及时更新政府信息公开管理人员，严格执行“三审三校”及保密审查制度，规范信息发布流程与公文公开属性标识，明确“先审核、后发布”原则，确保公开内容全面准确、发布合法合规。\n"
          "\n"
          "（四）政府信息公开平台建设。2025年“健康沙坡头区”微信公众号关注量4122，发布信息383条。持续强化平台内容管理，依托微信公众号等政务新媒体平台精准推送卫生健康政策、医疗机构等重点领域信息，确保信息及时更新、全面准确，推动平台成为政务公开、回应关切、服务群众的重要阵地。\n"
          "\n"
          "（五）监督保障方面。一是**强化组织领导保障。**完善政务公开管理制度，动态调整工作队伍，明确分管领导、责任科室及工作人员职责分工，构建主要领导统筹、分管领导牵头、专人负责的工作格局。健全政务新媒体管理台账，全面梳理下属单位公开平台运行情况，夯实监管基础。二是**严格监督检查机制。**坚持定期检查与随机抽查相结合，由分管领导牵头常态化开展沙坡头区卫生健康系统政府信息公开监管工作。三是**健全考核问责体系。**将政府信息公开工作纳入年度效能目标考核，实现工作成效与年度考核结果直接挂钩，以考核为抓手倒逼责任落实，凝聚工作合力，协同推进政务信息公开工作。四是**狠抓问题整改落实。**针对政务公开反馈问题，坚持立行立改、举一反三，切实补齐工作短板，推动政务信息公开工作规范有序开展。2025年本单位未出\n"
          "\n"
          "现因政府信息公开问题的责任追究情况。\n" },
    { "004", 5, 78, "五、存在的主要问题及改进情况",
          "（一）存在问题。一是政府信息公开工作推进质效欠佳。下属医疗卫生单位政务新媒体公开频次偏低、内容供给不足，工作推进过程中存在间歇断档现象，部分信息未能及时发布形成积压；公开形式较为单一，未能充分满足公众信息获取需求。二是**队伍建设基础薄弱**。相关工作人员业务能力有待提升，对《中华人民共和国政府信息公开条例》等法规政策的学习领会不够深入、掌握不够扎实。\n"
          "\n"
          "（二）改进情况。一是强化思想引领与能力建设，扩大培训范围至基层医疗卫生单位，开展专题培训，深入学习《中华人民共和国政府信息公开条例》及相关精神，推动相关工作人员精准掌握公开要求、统一工作标准。二是加大主动公开力度，聚焦医疗服务、民生工程等重点领域，及时准确发布相关政策文件、工作动态，保障群众知情权与监督权。三是规范公开平台建设，完善微信公众号等政务新媒体平台，畅通公开渠道、优化公开指南，广泛吸纳各方意见建议，精准回应群众关切。\n" },
    { "004", 6, 84, "六、其他需要报告的事项",
          "2025年区卫健局未收取信息处理费用。\n"
          "\n"
          "本报告电子版可从中卫市沙坡头区人民政府网站(<http://www>)\n"
          "\n"
          "w.spt.gov.cn/) 下载。如有疑问和建议，请与中卫市沙坡头区卫生健康局联系（地址：沙坡头区利民街 3 号；邮编：755000；联系电话：0955-7988665；电子邮箱：zwsswj@126.com）\n" },
};

static const size_t n_seed_sections = sizeof seed_sections / sizeof seed_sections[0];

/* A record holding one seed report's prose parts. */
static record *seed_record(const char *report)
{
    record *r = record_new(report);
    for (size_t i = 0; i < n_seed_sections; i++)
        if (strcmp(seed_sections[i].report, report) == 0)
            record_add_section(r, seed_sections[i].number, seed_sections[i].heading,
                               seed_sections[i].body, seed_sections[i].line);
    return r;
}

/* Table 三's 总计 column for new, carried in, processed, carried out, and
 * every appeal group's 总计; the rest stays unknown (narrative reads no more). */
static void set_totals(record *r, double new_, double carried_in, double processed,
                       double carried_out, double appeals)
{
    r->requests[REQ_NEW][COL_TOTAL] = new_;
    r->requests[REQ_CARRIED_IN][COL_TOTAL] = carried_in;
    r->requests[REQ_PROCESSED_TOTAL][COL_TOTAL] = processed;
    r->requests[REQ_CARRIED_OUT][COL_TOTAL] = carried_out;
    for (int g = 0; g < APPEAL_GROUPS; g++) r->appeals[g][AP_TOTAL] = appeals;
}

static int count_published(const record *r)
{
    int n = 0;
    for (const published_count *p = r->published; p; p = p->next) n++;
    return n;
}

/* The first count for `channel`, or NULL. */
static const published_count *published(const record *r, const char *channel)
{
    for (const published_count *p = r->published; p; p = p->next)
        if (strcmp(p->channel, channel) == 0) return p;
    return NULL;
}

static bool published_is(const record *r, const char *channel, double items)
{
    const published_count *p = published(r, channel);
    return p && p->items == items;
}

static int count_findings(const record *r, const char *code)
{
    int n = 0;
    for (const finding *f = r->findings; f; f = f->next)
        if (!code || strcmp(f->code, code) == 0) n++;
    return n;
}

static const finding *find(const record *r, const char *text)
{
    for (const finding *f = r->findings; f; f = f->next)
        if (strcmp(f->code, "narrative") == 0 && strstr(f->message, text)) return f;
    return NULL;
}

static void show(const record *r)
{
    for (const published_count *p = r->published; p; p = p->next)
        printf("    # published %s (%s) %g, line %d\n", p->channel, p->label, p->items, p->line);
    for (const finding *f = r->findings; f; f = f->next)
        printf("    # %s/%s line %d: %s\n", f->code, f->where, f->line, f->message);
}

/* ---- the seed reports against their own tables ---- */

static void test_seed_000(void)
{
    record *r = seed_record("000");
    set_totals(r, 1, 0, 1, 0, 0);
    narrative_check(r);
    bool ok = check(count_published(r) == 3, "000: three published counts");
    ok &= check(published_is(r, "total", 343), "000: 主动公开政府信息 343条 is the total");
    ok &= check(published_is(r, "website", 94), "000: 门户网站 94 条");
    ok &= check(published_is(r, "wechat", 249), "000: 微信公众号发布信息 249条");
    const published_count *w = published(r, "wechat");
    ok &= check(w && strcmp(w->label, "“健康红寺堡”微信公众号") == 0 && w->line == 25,
                "000: the WeChat label keeps the account's name; line of 一、总体情况");
    ok &= check(count_findings(r, NULL) == 0,
                "000: 申请 1件 twice and no appeals agree with the tables");
    if (!ok) show(r);
    record_free(r);
}

static void test_seed_001(void)
{
    record *r = seed_record("001");
    set_totals(r, 0, 0, 0, 0, 0);
    narrative_check(r);
    bool ok = check(count_published(r) == 2 && published_is(r, "website", 36) &&
                    published_is(r, "wechat", 52), "001: 门户网站 36条, 微信公众号 52条");
    ok &= check(count_findings(r, NULL) == 0, "001: 未收到…申请 agrees with 0 requests");
    if (!ok) show(r);
    record_free(r);
}

static void test_seed_002(void)
{
    record *r = seed_record("002");
    narrative_check(r);
    bool ok = check(count_published(r) == 0 && count_findings(r, NULL) == 0,
                    "002: no counts stated, nothing found");
    if (!ok) show(r);
    record_free(r);
}

static void test_seed_003(void)
{
    record *r = seed_record("003");
    set_totals(r, 1, 0, 1, 0, 0);
    narrative_check(r);
    const published_count *w = published(r, "wechat");
    bool ok = check(count_published(r) == 1 && w && w->items == 181 &&
                    strcmp(w->label, "“健康红旗”微信公众平台") == 0,
                    "003: 微信公众平台共发布信息 181 篇");
    ok &= check(count_findings(r, NULL) == 0, "003: 全年收到 1 项…申请 agrees");
    if (!ok) show(r);
    record_free(r);
}

static void test_seed_004(void)
{
    record *r = seed_record("004");
    set_totals(r, 1, 0, 1, 0, 0);
    narrative_check(r);
    bool ok = check(count_published(r) == 3, "004: three published counts");
    ok &= check(published_is(r, "website", 98), "004: 通过政府网站主动公开…共 98 条");
    ok &= check(published_is(r, "new_media", 383), "004: 政务新媒体发布信息 383 条");
    ok &= check(published_is(r, "wechat", 383), "004: 微信公众号关注量4122，发布信息383条");
    ok &= check(!published(r, "total"), "004: the breakdown 54/10/34 is not a total");
    ok &= check(count_findings(r, NULL) == 0, "004: 申请 1 件 and 没有…行政复议和行政诉讼 agree");
    if (!ok) show(r);
    record_free(r);
}

/* ---- the seed prose against tables that disagree ---- */

static void test_received_disagrees(void)
{
    record *r = seed_record("000");
    set_totals(r, 2, 0, 2, 0, 0);
    narrative_check(r);
    const finding *f = find(r, "「一、总体情况」中称「我局接收到公民、法人或其他社会组织提出的政府信息"
                               "公开申请1件」，即收到申请 1 件，但表三「一、本年新收政府信息公开申请数量」"
                               "总计列为 2");
    bool ok = check(f && f->line == 25 && strcmp(f->where, "narrative") == 0,
                    "000 with 2 new requests: 申请 1件 in part 一 is flagged, with its line");
    ok &= check(find(r, "「六、其他需要报告的事项」中称「本年度我局收到公民、法人提出的政府信息公开"
                        "申请1件") != NULL, "and again in part 六");
    ok &= check(count_findings(r, NULL) == 2, "000: exactly those two findings");
    if (!ok) show(r);
    record_free(r);

    r = seed_record("001");
    set_totals(r, 3, 0, 3, 0, 0);
    narrative_check(r);
    ok = check(count_findings(r, NULL) == 1 &&
               find(r, "称「我局未收到公民、法人或其他组织提出的依申请公开事项」，即收到申请 0 件，"
                       "但表三「一、本年新收政府信息公开申请数量」总计列为 3"),
               "001 with 3 requests: 未收到 is flagged as 0");
    if (!ok) show(r);
    record_free(r);

    r = seed_record("003");
    narrative_check(r);
    ok = check(count_findings(r, NULL) == 0, "003 with unknown tables: nothing is compared");
    if (!ok) show(r);
    record_free(r);

    r = seed_record("003");
    r->requests[REQ_NEW][COL_NATURAL] = 2;
    for (int c = COL_BUSINESS; c < COL_TOTAL; c++) r->requests[REQ_NEW][c] = 0;
    narrative_check(r);
    ok = check(find(r, "全年收到1项政府信息公开申请」，即收到申请 1 件，"
                       "但表三「一、本年新收政府信息公开申请数量」六类申请人之和为 2") != NULL,
               "003: without a 总计 cell the six applicant columns are summed");
    if (!ok) show(r);
    record_free(r);
}

static void test_appeals_disagree(void)
{
    record *r = seed_record("004");
    set_totals(r, 1, 0, 1, 0, 0);
    r->appeals[APPEAL_REVIEW][AP_TOTAL] = 1;
    narrative_check(r);
    const finding *f = find(r, "称「没有因政府信息公开申请引起的行政复议和行政诉讼」，即 0 件，"
                               "但表四行政复议总计 1、行政诉讼 未经复议直接起诉总计 0、"
                               "行政诉讼 复议后起诉总计 0");
    bool ok = check(f && strcmp(f->where, "narrative") == 0 && f->line == 7,
                    "004 with one review: 没有…行政复议和行政诉讼 is flagged");
    ok &= check(count_findings(r, NULL) == 1, "004: that finding only");
    if (!ok) show(r);
    record_free(r);

    r = seed_record("000");
    set_totals(r, 1, 0, 1, 0, 0);
    r->appeals[APPEAL_REVIEW][AP_TOTAL] = CELL_UNKNOWN;
    r->appeals[APPEAL_SUIT_AFTER_REVIEW][AP_TOTAL] = 2;
    narrative_check(r);
    ok = check(count_findings(r, NULL) == 0,
               "000: an unknown review 总计 skips 未发生…行政复议和行政诉讼");
    if (!ok) show(r);
    record_free(r);
}

/* ---- written sentences, one pattern each ---- */

static record *one_section(const char *body)
{
    record *r = record_new("written.txt");
    record_add_section(r, 1, "一、总体情况", body, 10);
    set_totals(r, 2, 1, 3, 0, 0);
    return r;
}

static void test_patterns(void)
{
    record *r = one_section("（二）依申请公开。全年共收到政府信息公开申请３件（含上年结转１件）。");
    narrative_check(r);
    check(count_findings(r, NULL) == 0, "a received count that includes the carried-in agrees");
    record_free(r);

    r = one_section("本年度共受理政府信息公开申请５件，上年结转２件，１件结转下年度继续办理。");
    narrative_check(r);
    bool ok = check(find(r, "即收到申请 5 件，但表三「一、本年新收政府信息公开申请数量」总计列为 2"),
                    "受理…申请５件 (full-width digits) against 2");
    ok &= check(find(r, "称「上年结转2件」，即 2 件，但表三「二、上年结转政府信息公开申请数量」"
                        "总计列为 1") != NULL, "上年结转２件 against 1, quoted after NFKC");
    ok &= check(find(r, "「1件结转下年度继续办理」，即 1 件，但表三「四、结转下年度继续办理」"
                        "总计列为 0") != NULL, "1件结转下年度继续办理 against 0");
    ok &= check(count_findings(r, NULL) == 3, "three statements, three findings");
    if (!ok) show(r);
    record_free(r);

    r = one_section("**政务新媒体**发布信息 **２５** 条。");
    narrative_check(r);
    ok = check(count_published(r) == 1 && published_is(r, "new_media", 25),
               "emphasis marks and full-width digits do not hide a count");
    if (!ok) show(r);
    record_free(r);

    r = one_section("对收到的政府信息公开申请在 15 个工作日内予以答复。");
    narrative_check(r);
    ok = check(count_findings(r, NULL) == 0, "15 个工作日 is not a number of requests");
    if (!ok) show(r);
    record_free(r);

    r = one_section("本年度新收政府信息公开申请 2 件，办结 3 件。");
    narrative_check(r);
    ok = check(count_findings(r, NULL) == 0, "新收…申请 2 件 agrees; 办结 is not compared");
    if (!ok) show(r);
    record_free(r);

    r = one_section("一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0");
    narrative_check(r);
    ok = check(count_findings(r, NULL) == 0, "table rows that leaked into prose are not statements");
    if (!ok) show(r);
    record_free(r);

    r = one_section("本年度发生行政复议２件、行政诉讼０件。行政复议和行政诉讼共２件。");
    r->appeals[APPEAL_REVIEW][AP_TOTAL] = 1;
    r->appeals[APPEAL_SUIT_DIRECT][AP_TOTAL] = 1;
    narrative_check(r);
    ok = check(find(r, "即 2 件，但表四行政复议总计 1") != NULL, "行政复议２件 against 1");
    ok &= check(find(r, "即 0 件，但表四行政诉讼 未经复议直接起诉总计 1、行政诉讼 复议后起诉总计 0")
                != NULL, "行政诉讼０件 against 1 + 0");
    ok &= check(count_findings(r, NULL) == 2, "行政复议和行政诉讼共２件 agrees with 1 + 1 + 0");
    if (!ok) show(r);
    record_free(r);

    r = one_section("因政府信息公开引起的行政复议、行政诉讼均为０。");
    r->appeals[APPEAL_SUIT_AFTER_REVIEW][AP_TOTAL] = 1;
    narrative_check(r);
    ok = check(count_findings(r, NULL) == 1 &&
               find(r, "即 0 件，但表四行政复议总计 0、行政诉讼 未经复议直接起诉总计 0、"
                       "行政诉讼 复议后起诉总计 1") != NULL, "行政复议、行政诉讼均为０ against 1");
    if (!ok) show(r);
    record_free(r);

    r = one_section("政府信息公开申请办理中，对不予受理的申请１件已告知理由。未收取信息处理费。");
    narrative_check(r);
    ok = check(count_findings(r, NULL) == 0, "不予受理 and 未收取信息处理费 are not statements");
    if (!ok) show(r);
    record_free(r);

    r = record_new("tables.txt");
    set_totals(r, 2, 0, 2, 0, 0);
    record_add_section(r, 3, "三、收到和处理政府信息公开申请情况", "收到政府信息公开申请 5 件", 40);
    record_add_section(r, 6, "", "依据《条例》第3条，门户网站发布信息 12 条，阅读量 300 条。", 50);
    narrative_check(r);
    ok = check(count_findings(r, NULL) == 0, "parts 二 to 四 are tables, not prose");
    ok &= check(count_published(r) == 1 && published_is(r, "website", 12) &&
                published(r, "website")->line == 50, "第3条 and 阅读量 300 条 are not counts");
    if (!ok) show(r);
    record_free(r);

    r = record_new("empty-heading.txt");
    set_totals(r, 0, 0, 0, 0, 0);
    record_add_section(r, 0, "", "全年收到 4 项政府信息公开申请。", 3);
    narrative_check(r);
    ok = check(find(r, "正文称「全年收到4项政府信息公开申请」") != NULL,
               "a section without heading is quoted as 正文");
    if (!ok) show(r);
    record_free(r);

    r = one_section("五、存在问题：全年主动公开信息较上年减少 20 条，门户网站发布信息同比增加 5 条。");
    narrative_check(r);
    ok = check(count_published(r) == 0, "a change from last year is not a published count");
    if (!ok) show(r);
    record_free(r);

    r = one_section("通过门户网站、微信公众号等渠道主动公开信息５００余条，其中门户网站２００条。");
    narrative_check(r);
    ok = check(published_is(r, "total", 500) && published_is(r, "website", 200) &&
               count_published(r) == 2, "several channels together give the total; 余 is dropped");
    if (!ok) show(r);
    record_free(r);
}

/* ---- the text helpers ---- */

static void test_prose(void)
{
    arena *a = arena_new();
    const char *flat = prose_flatten(a, "红 寺 堡\n\n区 2 0 条，其中 **９４** 条；");
    check_why(strcmp(flat, "红寺堡区2 0条,其中94条;") == 0, flat,
              "flatten: NFKC, spaces and breaks gone, digits kept apart");

    const char *text = "甲,乙:丙。丁;", *cursor = text;
    span sentence, clause;
    int sentences = 0, clauses = 0;
    while (prose_sentence(&cursor, text + strlen(text), &sentence)) {
        sentences++;
        const char *at = sentence.at;
        while (prose_clause(sentence, &at, &clause)) clauses++;
    }
    check(sentences == 2 && clauses == 4, "two sentences of three and one clauses");

    static const char *const units[] = { "条", "篇", NULL };
    span s = { "依据第3条，20余人，1.5万，5篇", strlen("依据第3条，20余人，1.5万，5篇") };
    count c;
    check(prose_count(s, s.at, units, &c) && c.value == 5 && strcmp(c.end, "") == 0,
          "prose_count skips an ordinal and counts of other units");
    span approx = { "300余条", strlen("300余条") };
    check(prose_count(approx, approx.at, units, &c) && c.value == 300, "300余条 is 300");

    span long_clause = { "政府信息公开", strlen("政府信息公开") };
    check(strcmp(prose_quote(a, long_clause, 7), "政府…") == 0,
          "a quote is cut at a character boundary");
    arena_free(a);
}

int main(void)
{
    check_plan(5 + 17 + 6 + 3 + 19);   /* prose, seeds 000-004, received, appeals, patterns */
    test_prose();
    test_seed_000();
    test_seed_001();
    test_seed_002();
    test_seed_003();
    test_seed_004();
    test_received_disagrees();
    test_appeals_disagree();
    test_patterns();
    return check_done();
}
