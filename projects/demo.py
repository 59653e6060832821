"""The projects app's part of the 2024 demo data: investment projects, enterprise service,
the economic indicators and the BYD service campaign.

It reproduces the figures of the subdistrict's 2024 year-end summary (see
``/work/shared/brief.md``): 14 newly planned projects totalling 870,000 万元 with 27,200 万元
of central special-purpose bonds, 62 projects under construction, 11 completed in 2024, the
two relocation projects, the honours and funds won, and budget revenue and industrial output
whose computed growth is +115.41% and +51.42%.

Loading is idempotent: every record is found by its natural key (project code, credit code,
(project, source, year) ...) and written only when it is missing or differs, so a second
load writes nothing at all, not even history entries. Rows are validated with
``full_clean()`` before they are written; closed-loop items go through the workflow services.
Amounts are in 万元. Names are invented but plausible: no real credit code is used.
"""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from cuizhai.core import roles
from cuizhai.core.base.demo import sync
from cuizhai.core.base.services import closed_loop
from cuizhai.core.choices import IndicatorPeriodKind, WorkflowAction, WorkflowStatus
from cuizhai.core.models import (
    Campaign,
    CampaignOutput,
    Department,
    Indicator,
    IndicatorValue,
    WorkflowTransition,
)
from projects.apps import ProjectsConfig
from projects.choices import (
    Area,
    BatchStage,
    FundingSource,
    MilestoneKind,
    NeedKind,
    ProjectCategory,
    ProjectStatus,
    SupportKind,
)
from projects.models import (
    Enterprise,
    EnterpriseNeed,
    FundingLine,
    Milestone,
    MonthlyProgress,
    Project,
    ProjectProblem,
    SupportOutcome,
    Visit,
)
from projects.validators import credit_code_check_character

YEAR = 2024
SHANGHAI = ZoneInfo("Asia/Shanghai")

# Departments loaded by cuizhai.core.demo.
PO, ED, PC, SA, EE = (
    "projects-office", "economic-development", "planning-construction", "social-affairs",
    "environment-enforcement",
)
LIVELIHOOD, INDUSTRY, INFRA, ECOLOGY, PUBLIC, URBAN = (
    ProjectCategory.LIVELIHOOD, ProjectCategory.INDUSTRY, ProjectCategory.INFRASTRUCTURE,
    ProjectCategory.ECOLOGY, ProjectCategory.PUBLIC_SERVICE, ProjectCategory.URBAN_DEVELOPMENT,
)
PUBLIC_BODY_CATEGORIES = {LIVELIHOOD, INFRA, ECOLOGY, PUBLIC, URBAN}

# Lead officials (包挂领导), invented.
LEADS = [
    "王振东 党工委书记", "李新华 管委会主任", "张立伟 党工委副书记", "刘晓峰 副主任",
    "陈志刚 副主任", "赵庆海 党工委委员", "孙文静 党工委委员", "周海波 副主任",
]

# --- enterprises -------------------------------------------------------------------------------
# key: (name, industry, park, address, expected output value if relocating into a park).
# Credit codes are built from an invented organisation-code range (MADMQ....), registered in
# Jiyang district (370115), with the GB 32100-2015 check character computed. An enterprise's
# position in this table numbers its code, and the code finds it again on the next load:
# add new enterprises at the end.
ENTERPRISES = {
    "鼎点数控": ("济南鼎点数控科技有限公司", "激光装备制造", "崔寨智能制造产业园",
             "崔寨街道智造路18号", 120000),
    "温声玻璃": ("济南温声玻璃制品有限公司", "玻璃制品", "崔寨新材料产业园",
             "崔寨街道新材路6号", 80000),
    "紫燕食品": ("紫燕食品（济南）有限公司", "食品加工", "崔寨食品产业园", "崔寨街道食品园路9号",
             None),
    "安博": ("济南安博物流设施有限公司", "仓储物流", "起步区现代物流园", "崔寨街道物流大道1号",
           None),
    "城建投资": ("济南起步区城建投资发展有限公司", "城市开发建设", "", "崔寨街道崔寨大道66号",
             None),
    "黄河体育": ("济南黄河体育中心建设运营有限公司", "体育场馆建设运营", "",
             "崔寨街道黄河大道北侧", None),
    "新能源新材料": ("济南新能源新材料产业园开发有限公司", "产业园区开发", "新能源新材料产业园",
               "崔寨街道鹊山路以东", None),
    "绿能智造": ("山东绿能智造科技有限公司", "新能源装备制造", "绿能智造产业园",
             "崔寨街道绿能路2号", None),
    "崔寨水务": ("济南崔寨水务有限公司", "水务", "", "崔寨街道青宁沟东岸", None),
    "国博城置业": ("济南国博城置业有限公司", "房地产开发", "", "崔寨街道会展路以南", None),
    "鹊山置业": ("济南鹊山置业有限公司", "房地产开发", "", "崔寨街道鹊山路27号", None),
    "鹊华汽车零部件": ("济南鹊华汽车零部件有限公司", "汽车零部件", "比亚迪配套产业园",
                "崔寨街道比亚迪大道8号", None),
    "黄河电池材料": ("济南黄河新能源电池材料有限公司", "动力电池材料", "新能源新材料产业园",
               "崔寨街道鹊山路以东3号", None),
    "精工内饰": ("济南起步区精工汽车内饰有限公司", "汽车内饰件", "比亚迪配套产业园",
             "崔寨街道比亚迪大道12号", None),
    "华骏汽车电子": ("济南华骏汽车电子有限公司", "汽车电子", "比亚迪配套产业园",
               "崔寨街道比亚迪大道16号", None),
    "泺北线束": ("山东泺北线束科技有限公司", "汽车线束", "比亚迪配套产业园",
             "崔寨街道比亚迪大道20号", None),
    "北岸模具": ("济南北岸精密模具有限公司", "精密模具", "崔寨智能制造产业园",
             "崔寨街道智造路26号", None),
    "驰远物流": ("济南驰远物流有限公司", "道路货运与仓储", "起步区现代物流园",
             "崔寨街道物流大道15号", None),
    "黄河数字": ("山东黄河数字科技有限公司", "软件和信息技术服务", "崔寨数字经济产业港",
             "崔寨街道科创路5号", None),
    "储能装备": ("济南储能装备科技有限公司", "储能电池", "新能源新材料产业园",
             "崔寨街道鹊山路以东9号", None),
    "北辰光伏": ("济南北辰光伏科技有限公司", "光伏组件", "绿能智造产业园", "崔寨街道绿能路8号",
             None),
    "华科医疗": ("济南华科医疗器械有限公司", "医疗器械", "崔寨智能制造产业园",
             "崔寨街道智造路32号", None),
    "鲁北机械": ("济南鲁北机械制造有限公司", "农业机械", "崔寨智能制造产业园",
             "崔寨街道智造路40号", None),
    "泰和建材": ("济南泰和建材有限公司", "装配式建材", "崔寨新材料产业园", "崔寨街道新材路18号",
             None),
    "鹊华生物": ("山东鹊华生物科技有限公司", "生物发酵", "崔寨食品产业园", "崔寨街道食品园路21号",
             None),
    "晟达包装": ("济南晟达包装材料有限公司", "包装材料", "崔寨新材料产业园",
             "崔寨街道新材路30号", None),
    "智联网联": ("济南智联网联汽车科技有限公司", "智能网联汽车", "比亚迪配套产业园",
             "崔寨街道比亚迪大道30号", None),
    "起步区热力": ("济南起步区热力有限公司", "供热", "", "崔寨街道热力路1号", None),
    "崔寨农业": ("济南崔寨农业科技发展有限公司", "现代农业", "黄河生态农业示范区",
             "崔寨街道滩区路3号", None),
}


def credit_code(number):
    first17 = f"91370115MADMQ{number:04d}"
    return first17 + credit_code_check_character(first17)


# --- projects ----------------------------------------------------------------------------------
# The owner is a key of ENTERPRISES, or else the name of the public body that owns the project.

# 14 newly planned in 2024 (策划一批): (code, name, category, investment, owner, department,
# status, central special bond, location). 870,000 万元 in all, 27,200 万元 of central bonds.
NEWLY_PLANNED = [
    ("CZ-2024-001", "崔寨养老服务提升项目", LIVELIHOOD, 12000, "崔寨街道办事处", SA,
     ProjectStatus.PREPARATION, 4800, "崔寨街道凤凰社区、清宁社区"),
    ("CZ-2024-002", "绿能智造产业园", INDUSTRY, 180000, "绿能智造", ED,
     ProjectStatus.PREPARATION, 0, "崔寨街道绿能路以北"),
    ("CZ-2024-003", "崔寨街道中心卫生院迁建项目", LIVELIHOOD, 28000, "起步区卫生健康部", SA,
     ProjectStatus.PREPARATION, 8000, "崔寨街道河润路以东"),
    ("CZ-2024-004", "崔寨第二实验小学新建工程", LIVELIHOOD, 32000, "起步区教育文体部", SA,
     ProjectStatus.PREPARATION, 6400, "崔寨街道怡河大道以西"),
    ("CZ-2024-005", "理想社区配套幼儿园（四所）", LIVELIHOOD, 16000, "起步区教育文体部", SA,
     ProjectStatus.PLANNING, 3000, "凤凰、清宁、河润、怡河社区"),
    ("CZ-2024-006", "崔寨片区供热管网配套工程", LIVELIHOOD, 9000, "起步区热力", PC,
     ProjectStatus.PREPARATION, 5000, "崔寨街道建成区"),
    ("CZ-2024-007", "比亚迪配套零部件产业园二期", INDUSTRY, 150000, "鹊华汽车零部件", ED,
     ProjectStatus.PLANNING, 0, "比亚迪配套产业园"),
    ("CZ-2024-008", "智能网联汽车零部件产业园", INDUSTRY, 120000, "智联网联", ED,
     ProjectStatus.PLANNING, 0, "比亚迪配套产业园北区"),
    ("CZ-2024-009", "新型储能装备产业园", INDUSTRY, 95000, "储能装备", ED,
     ProjectStatus.PLANNING, 0, "新能源新材料产业园南区"),
    ("CZ-2024-010", "崔寨数字经济产业港", INDUSTRY, 85000, "黄河数字", ED,
     ProjectStatus.PLANNING, 0, "崔寨街道科创路以南"),
    ("CZ-2024-011", "崔寨冷链物流园", INDUSTRY, 60000, "驰远物流", ED,
     ProjectStatus.PLANNING, 0, "起步区现代物流园"),
    ("CZ-2024-012", "崔寨人才公寓", LIVELIHOOD, 38000, "城建投资", PC,
     ProjectStatus.PLANNING, 0, "崔寨街道会展路以北"),
    ("CZ-2024-013", "社区便民服务综合体", LIVELIHOOD, 15000, "崔寨街道办事处", SA,
     ProjectStatus.PLANNING, 0, "河润社区"),
    ("CZ-2024-014", "黄河生态农业科技园", INDUSTRY, 30000, "崔寨农业", ED,
     ProjectStatus.PREPARATION, 0, "崔寨街道黄河滩区"),
]

# Started projects (开工一批), under construction unless listed under COMPLETED or SUSPENDED:
# (code, name, category, investment, owner, department, actual start, planned completion,
# physical progress %, location). The plan year is in the code.
UNDER_CONSTRUCTION = [
    ("CZ-2021-003", "济南黄河体育中心", PUBLIC, 360000, "黄河体育", PC, "2022-09-20",
     "2025-10-31", 78, "崔寨街道黄河大道以北"),
    ("CZ-2022-001", "新能源新材料产业园", INDUSTRY, 250000, "新能源新材料", ED, "2023-04-15",
     "2025-12-31", 62, "崔寨街道鹊山路以东"),
    ("CZ-2023-001", "鼎点数控激光装备数字化智能工厂", INDUSTRY, 45000, "鼎点数控", ED,
     "2024-05-18", "2025-12-31", 35, "崔寨智能制造产业园"),
    ("CZ-2023-002", "温声玻璃搬迁扩建项目", INDUSTRY, 38000, "温声玻璃", ED, "2024-08-08",
     "2026-06-30", 22, "崔寨新材料产业园"),
    ("CZ-2023-003", "崔寨污水处理厂", ECOLOGY, 68000, "崔寨水务", PC, "2024-03-20",
     "2025-09-30", 45, "崔寨街道青宁沟东岸"),
    ("CZ-2023-004", "国博城五期", URBAN, 160000, "国博城置业", PC, "2024-04-28", "2026-10-31",
     30, "崔寨街道会展路以南"),
    ("CZ-2023-005", "37号地块住宅项目", URBAN, 85000, "鹊山置业", PC, "2024-06-16",
     "2026-06-30", 25, "崔寨街道37号地块"),
    ("CZ-2022-002", "比亚迪汽车零部件配套产业园（一期）", INDUSTRY, 120000, "鹊华汽车零部件", ED,
     "2023-03-01", "2025-03-31", 85, "比亚迪配套产业园"),
    ("CZ-2022-003", "动力电池材料生产基地", INDUSTRY, 150000, "黄河电池材料", ED, "2023-06-10",
     "2025-06-30", 70, "新能源新材料产业园"),
    ("CZ-2022-004", "汽车内饰件生产项目", INDUSTRY, 28000, "精工内饰", ED, "2023-09-05",
     "2025-03-31", 80, "比亚迪配套产业园"),
    ("CZ-2023-006", "汽车电子控制器生产线项目", INDUSTRY, 35000, "华骏汽车电子", ED,
     "2024-02-26", "2025-08-31", 55, "比亚迪配套产业园"),
    ("CZ-2023-007", "新能源汽车线束生产项目", INDUSTRY, 22000, "泺北线束", ED, "2024-03-18",
     "2025-06-30", 60, "比亚迪配套产业园"),
    ("CZ-2022-005", "汽车精密模具产业化项目", INDUSTRY, 18000, "北岸模具", ED, "2023-11-10",
     "2025-05-31", 75, "崔寨智能制造产业园"),
    ("CZ-2022-006", "起步区智慧物流园", INDUSTRY, 46000, "驰远物流", ED, "2023-08-01",
     "2025-07-31", 68, "起步区现代物流园"),
    ("CZ-2022-007", "黄河数字科技研发中心", INDUSTRY, 32000, "黄河数字", ED, "2023-10-20",
     "2025-06-30", 72, "崔寨数字经济产业港"),
    ("CZ-2023-008", "储能电池PACK生产线项目", INDUSTRY, 40000, "储能装备", ED, "2024-01-15",
     "2025-09-30", 50, "新能源新材料产业园"),
    ("CZ-2022-008", "光伏组件智能工厂", INDUSTRY, 55000, "北辰光伏", ED, "2023-05-08",
     "2025-01-31", 88, "绿能智造产业园"),
    ("CZ-2023-009", "医疗器械产业化基地", INDUSTRY, 26000, "华科医疗", ED, "2024-04-10",
     "2025-12-31", 40, "崔寨智能制造产业园"),
    ("CZ-2022-009", "智能农机装备制造项目", INDUSTRY, 30000, "鲁北机械", ED, "2023-07-20",
     "2025-03-31", 82, "崔寨智能制造产业园"),
    ("CZ-2022-010", "装配式建筑部品生产基地", INDUSTRY, 24000, "泰和建材", ED, "2023-12-01",
     "2025-06-30", 65, "崔寨新材料产业园"),
    ("CZ-2023-010", "生物发酵技术产业化项目", INDUSTRY, 36000, "鹊华生物", ED, "2024-05-06",
     "2026-03-31", 30, "崔寨食品产业园"),
    ("CZ-2023-011", "绿色包装材料生产项目", INDUSTRY, 15000, "晟达包装", ED, "2024-06-20",
     "2025-10-31", 38, "崔寨新材料产业园"),
    ("CZ-2023-012", "紫燕食品智能化生产线技术改造项目", INDUSTRY, 12000, "紫燕食品", ED,
     "2024-03-01", "2024-12-20", 90, "崔寨食品产业园"),
    ("CZ-2022-011", "智能网联汽车测试场", INDUSTRY, 48000, "智联网联", ED, "2023-09-18",
     "2025-09-30", 60, "比亚迪配套产业园北区"),
    ("CZ-2022-012", "崔寨大道（黄河大道—济北路）提升改造工程", INFRA, 42000, "起步区建设管理部",
     PC, "2023-10-08", "2025-06-30", 70, "崔寨大道"),
    ("CZ-2023-013", "比亚迪大道北延工程", INFRA, 38000, "起步区建设管理部", PC, "2024-03-10",
     "2025-08-31", 55, "比亚迪大道北段"),
    ("CZ-2023-014", "鹊山路（崔寨段）新建工程", INFRA, 26000, "起步区建设管理部", PC,
     "2024-04-01", "2025-10-31", 48, "鹊山路崔寨段"),
    ("CZ-2023-015", "崔寨片区雨污分流改造工程", ECOLOGY, 18000, "崔寨水务", PC, "2024-03-25",
     "2025-05-31", 65, "崔寨街道建成区"),
    ("CZ-2023-016", "崔寨110千伏变电站工程", INFRA, 16000, "国网济南供电公司", PC, "2024-02-20",
     "2025-03-31", 75, "崔寨街道热力路以西"),
    ("CZ-2023-017", "崔寨片区供水管网工程", INFRA, 12000, "崔寨水务", PC, "2024-05-15",
     "2025-06-30", 58, "崔寨街道建成区"),
    ("CZ-2022-013", "起步区热力崔寨供热站", INFRA, 22000, "起步区热力", PC, "2023-11-20",
     "2025-10-15", 80, "崔寨街道热力路1号"),
    ("CZ-2023-018", "崔寨公交首末站及停车场", INFRA, 8500, "起步区建设管理部", PC,
     "2024-04-18", "2025-04-30", 62, "崔寨街道中心大街东首"),
    ("CZ-2022-014", "黄河大道崔寨互通立交工程", INFRA, 65000, "起步区建设管理部", PC,
     "2023-05-10", "2025-06-30", 73, "黄河大道与崔寨大道交叉口"),
    ("CZ-2023-019", "崔寨片区天然气管网工程", INFRA, 9800, "城建投资", PC, "2024-06-01",
     "2025-05-31", 45, "崔寨街道建成区"),
    ("CZ-2023-020", "比亚迪周边配套道路工程（纬二路、纬三路）", INFRA, 15000, "起步区建设管理部",
     PC, "2024-02-28", "2025-04-30", 68, "比亚迪厂区周边"),
    ("CZ-2022-015", "崔寨中学扩建工程", LIVELIHOOD, 21000, "起步区教育文体部", SA,
     "2023-08-15", "2025-02-28", 86, "崔寨中学"),
    ("CZ-2022-016", "崔寨实验小学新建工程", LIVELIHOOD, 18000, "起步区教育文体部", SA,
     "2023-09-01", "2024-08-31", 90, "崔寨街道怡河大道以东"),
    ("CZ-2023-021", "凤凰社区配套幼儿园", LIVELIHOOD, 4500, "起步区教育文体部", SA,
     "2024-03-05", "2025-02-28", 75, "凤凰社区"),
    ("CZ-2023-022", "河润社区卫生服务中心", LIVELIHOOD, 3800, "起步区卫生健康部", SA,
     "2024-04-12", "2025-03-31", 70, "河润社区"),
    ("CZ-2022-017", "起步区人民医院（崔寨院区）", PUBLIC, 96000, "起步区卫生健康部", SA,
     "2023-03-18", "2025-12-31", 65, "崔寨街道河润路以西"),
    ("CZ-2022-018", "怡河社区安置房（二期）", LIVELIHOOD, 72000, "城建投资", PC, "2023-02-20",
     "2025-02-28", 92, "怡河社区"),
    ("CZ-2022-019", "清宁社区安置房（三期）", LIVELIHOOD, 68000, "城建投资", PC, "2023-06-06",
     "2025-06-30", 84, "清宁社区"),
    ("CZ-2023-023", "崔寨保障性租赁住房项目", LIVELIHOOD, 45000, "城建投资", PC, "2024-01-20",
     "2025-12-31", 40, "崔寨街道会展路以北"),
    ("CZ-2023-024", "崔寨街道综合文化站", PUBLIC, 6800, "崔寨街道办事处", SA, "2024-05-20",
     "2025-05-31", 55, "崔寨街道中心大街"),
    ("CZ-2023-025", "崔寨全民健身中心", PUBLIC, 12000, "起步区教育文体部", SA, "2024-03-28",
     "2025-06-30", 50, "崔寨街道清宁街"),
    ("CZ-2023-026", "崔寨便民农贸市场", LIVELIHOOD, 5600, "崔寨街道办事处", SA, "2024-06-10",
     "2025-03-31", 60, "崔寨街道中心大街西段"),
    ("CZ-2023-027", "河润社区日间照料中心", LIVELIHOOD, 1800, "崔寨街道办事处", SA,
     "2024-07-01", "2025-01-31", 65, "河润社区"),
    ("CZ-2023-028", "青宁沟流域生态治理工程", ECOLOGY, 28000, "起步区建设管理部", EE,
     "2024-03-15", "2025-10-31", 55, "青宁沟崔寨段"),
    ("CZ-2022-020", "黄河滩区生态修复工程（崔寨段）", ECOLOGY, 35000, "起步区建设管理部", EE,
     "2023-10-10", "2025-06-30", 68, "黄河滩区崔寨段"),
    ("CZ-2023-029", "崔寨生态绿廊工程", ECOLOGY, 16000, "起步区建设管理部", EE, "2024-04-22",
     "2025-09-30", 52, "崔寨大道两侧"),
    ("CZ-2023-030", "崔寨中心大街风貌提升工程", URBAN, 14000, "崔寨街道办事处", PC,
     "2024-05-08", "2025-06-30", 45, "崔寨中心大街"),
    ("CZ-2022-021", "鹊华湿地公园", ECOLOGY, 22000, "城建投资", EE, "2023-09-25", "2025-04-30",
     76, "崔寨街道鹊华路以北"),
    ("CZ-2022-022", "会展中心配套酒店", URBAN, 58000, "城建投资", PC, "2023-04-20",
     "2025-06-30", 80, "起步区会展中心北侧"),
    ("CZ-2022-023", "会展中心A-2", URBAN, 110000, "城建投资", PC, "2023-06-15", "2025-09-30",
     72, "起步区会展中心"),
    ("CZ-2022-024", "起步区科创中心（崔寨片区）", INDUSTRY, 75000, "城建投资", ED, "2023-03-30",
     "2025-03-31", 83, "崔寨街道科创路1号"),
    ("CZ-2023-031", "崔寨商务中心", URBAN, 42000, "城建投资", PC, "2024-02-18", "2026-06-30",
     38, "崔寨街道崔寨大道以东"),
    ("CZ-2022-025", "比亚迪员工生活配套区", LIVELIHOOD, 52000, "城建投资", PC, "2023-11-08",
     "2025-08-31", 66, "比亚迪厂区西南侧"),
    ("CZ-2023-032", "安博二期", INDUSTRY, 36000, "安博", ED, "2024-04-25", "2025-10-31", 45,
     "起步区现代物流园"),
    ("CZ-2023-033", "崔寨物流分拨中心", INDUSTRY, 19000, "驰远物流", ED, "2024-05-30",
     "2025-08-31", 42, "起步区现代物流园"),
    ("CZ-2022-026", "国博城四期", URBAN, 140000, "国博城置业", PC, "2023-03-10", "2025-03-31",
     88, "崔寨街道会展路以南"),
    ("CZ-2023-034", "崔寨片区5G基站及通信管网工程", INFRA, 6200, "城建投资", PC, "2024-04-08",
     "2025-03-31", 70, "崔寨街道全域"),
    ("CZ-2023-035", "崔寨消防救援站", PUBLIC, 7500, "起步区应急管理部", SA, "2024-03-12",
     "2025-04-30", 58, "崔寨街道热力路以东"),
]

# Completed in 2024: the same columns, the last date being the actual completion.
COMPLETED = [
    ("CZ-2021-001", "会展中心A-1", URBAN, 98000, "城建投资", PC, "2022-05-10", "2024-09-28", 100,
     "起步区会展中心"),
    ("CZ-2022-027", "安博一期", INDUSTRY, 42000, "安博", ED, "2023-03-15", "2024-06-30", 100,
     "起步区现代物流园"),
    ("CZ-2021-002", "凤凰社区安置房（二期）", LIVELIHOOD, 65000, "城建投资", PC, "2022-08-18",
     "2024-05-31", 100, "凤凰社区"),
    ("CZ-2022-028", "崔寨街道社区卫生服务中心", LIVELIHOOD, 8600, "起步区卫生健康部", SA,
     "2023-04-10", "2024-10-15", 100, "崔寨街道中心大街"),
    ("CZ-2022-029", "济北路（崔寨段）拓宽工程", INFRA, 23000, "起步区建设管理部", PC, "2023-03-20",
     "2024-08-20", 100, "济北路崔寨段"),
    ("CZ-2022-030", "比亚迪配套冲压件生产项目", INDUSTRY, 25000, "鹊华汽车零部件", ED,
     "2023-05-12", "2024-07-18", 100, "比亚迪配套产业园"),
    ("CZ-2023-036", "崔寨35千伏变电站增容工程", INFRA, 5200, "国网济南供电公司", PC,
     "2023-10-16", "2024-04-30", 100, "崔寨街道热力路以西"),
    ("CZ-2023-037", "黄河大堤（崔寨段）绿化提升工程", ECOLOGY, 6800, "起步区建设管理部", EE,
     "2024-03-05", "2024-11-20", 100, "黄河大堤崔寨段"),
    ("CZ-2022-031", "崔寨中心幼儿园", LIVELIHOOD, 4200, "起步区教育文体部", SA, "2023-06-12",
     "2024-08-25", 100, "崔寨街道清宁街"),
    ("CZ-2023-038", "比亚迪南门公共停车场", INFRA, 6500, "起步区建设管理部", PC, "2024-03-01",
     "2024-09-15", 100, "比亚迪厂区南门西侧"),
    ("CZ-2023-039", "紫燕食品冷链仓储中心", INDUSTRY, 9000, "紫燕食品", ED, "2023-09-08",
     "2024-12-10", 100, "崔寨食品产业园"),
]

SUSPENDED = [
    ("CZ-2022-032", "崔寨商业综合体", URBAN, 48000, "鹊山置业", PC, "2023-05-16", "2025-12-31",
     15, "崔寨街道中心大街与崔寨大道交叉口"),
]

# Reserve (储备一批), planned for 2025: (code, name, category, investment, owner, department,
# location).
RESERVE = [
    ("CZ-2025-001", "崔寨文体中心", PUBLIC, 45000, "起步区教育文体部", SA, "崔寨街道清宁街以南"),
    ("CZ-2025-002", "黄河文化公园（崔寨段）", ECOLOGY, 60000, "起步区建设管理部", EE,
     "黄河大堤崔寨段"),
    ("CZ-2025-003", "起步区智慧物流枢纽二期", INDUSTRY, 80000, "驰远物流", ED, "起步区现代物流园"),
    ("CZ-2025-004", "崔寨片区地下综合管廊", INFRA, 120000, "城建投资", PC, "崔寨大道、鹊山路"),
    ("CZ-2025-005", "新能源汽车零部件产业园三期", INDUSTRY, 100000, "鹊华汽车零部件", ED,
     "比亚迪配套产业园"),
]

# Existing enterprises moving into a park (搬迁入园): 鼎点数控 and 温声玻璃.
RELOCATION_PROJECTS = ("CZ-2023-001", "CZ-2023-002")

DESCRIPTIONS = {
    "CZ-2023-001": "鼎点数控由老厂区整体搬迁入园，建设激光切割、焊接装备数字化智能工厂。"
                   "与温声玻璃搬迁扩建项目一起，预计建成后3年内实现产值20亿元。",
    "CZ-2023-002": "温声玻璃老厂区搬迁入园并扩建深加工玻璃生产线。"
                   "与鼎点数控项目一起，预计建成后3年内实现产值20亿元。",
    "CZ-2021-003": "大型综合体育中心，含体育场、体育馆、游泳馆，列入加快推进项目。",
    "CZ-2022-001": "新能源、新材料产业承载平台，列入加快推进项目。",
    "CZ-2021-001": "起步区会展中心A-1展馆及配套，2024年竣工。",
    "CZ-2022-027": "安博物流园一期高标准仓库，2024年竣工投用。",
    "CZ-2024-001": "提升街道养老服务中心与社区日间照料设施，民生保障方向。",
    "CZ-2024-002": "绿色能源装备智能制造产业园，产业发展方向。",
    "CZ-2023-038": "比亚迪服务保障专项行动配套建设的公共停车场，占地2万平方米。",
}

# Newly planned projects with overdue formalities: code → (milestone kind, planned date).
# (Approval is done for every project in preparation.)
LAND_DONE = {"CZ-2024-002": date(2024, 9, 20), "CZ-2024-006": date(2024, 10, 12),
             "CZ-2024-001": date(2024, 8, 28)}
OVERDUE_FORMALITIES = {
    "CZ-2024-003": (MilestoneKind.LAND, date(2024, 11, 30)),
    "CZ-2024-004": (MilestoneKind.LAND, date(2024, 12, 20)),
    "CZ-2024-002": (MilestoneKind.PLANNING_PERMIT, date(2024, 12, 15)),
    "CZ-2024-006": (MilestoneKind.PLANNING_PERMIT, date(2024, 12, 10)),
}

# --- problems raised by projects (问题诉求, 24-hour response) ----------------------------------
# (project code, title, reported, hours to respond, outcome, resolution). The outcome is the
# status the item ends in, with "closed"/"resolved" followed by the days it took to resolve.
PROBLEMS = [
    ("CZ-2021-003", "体育场钢结构吊装需临时占用黄河大道辅路", "2024-01-09 09:20", 3, "closed:4",
     "协调交警、城管部门办理临时占道手续，夜间分段施工。"),
    ("CZ-2022-001", "园区内残留10千伏线路需迁改", "2024-01-22 15:40", 5, "closed:9",
     "会同供电公司制定迁改方案，线路已迁改完毕。"),
    ("CZ-2022-003", "施工用电容量不足，需增容", "2024-02-19 10:05", 2, "closed:6",
     "协调供电公司增设临时箱变，容量满足施工需要。"),
    ("CZ-2023-006", "厂房施工许可办理需补充材料，请求指导", "2024-02-27 14:30", 4, "closed:3",
     "项目办帮办代办，指导补齐消防设计审查材料。"),
    ("CZ-2023-013", "北延段沿线坟墓迁移进度滞后", "2024-03-04 08:50", 6, "closed:12",
     "街道会同村委逐户做工作，迁移已全部完成。"),
    ("CZ-2023-003", "污水厂进场道路未打通，渣土车通行受阻", "2024-03-21 11:15", 3, "closed:5",
     "铺设临时施工便道，渣土车按指定路线通行。"),
    ("CZ-2023-016", "变电站站址周边村民阻工", "2024-03-26 16:20", 1, "closed:7",
     "街道、村两委现场协调，解决临时占地补偿问题。"),
    ("CZ-2022-012", "雨季前排水出路不畅，基坑积水", "2024-04-08 09:00", 2, "closed:4",
     "临时开挖排水沟接入市政雨水管网。"),
    ("CZ-2023-004", "施工许可证办理时限咨询", "2024-04-29 10:30", 5, "closed:2",
     "起步区审批部门已出具办理时间表，实行容缺受理。"),
    ("CZ-2023-010", "环评批复进度跟进", "2024-05-07 09:45", 8, "closed:10",
     "协调生态环境部门提前介入，环评已批复。"),
    ("CZ-2022-017", "医院院区地下管线探查资料缺失", "2024-05-13 14:10", 4, "closed:8",
     "协调城建档案馆及管线单位补充探查资料。"),
    ("CZ-2023-014", "鹊山路施工与燃气管线交叉需迁改", "2024-05-20 08:40", 3, "closed:11",
     "燃气公司完成迁改，施工恢复。"),
    ("CZ-2023-001", "搬迁设备过渡期临时仓储场地需求", "2024-05-22 15:00", 2, "closed:6",
     "协调园区标准厂房提供过渡仓储场地。"),
    ("CZ-2022-023", "夜间施工许可延期申请", "2024-06-03 17:30", 1, "closed:2",
     "已协调办理夜间施工许可延期，落实降噪措施。"),
    ("CZ-2023-005", "37号地块红线内树木移植许可", "2024-06-18 10:20", 6, "closed:9",
     "园林部门已批复移植方案，树木移植至生态绿廊。"),
    ("CZ-2023-028", "青宁沟治理段施工期间周边农田灌溉受影响", "2024-06-25 09:10", 4,
     "closed:5", "设置临时导流渠，保障农田灌溉。"),
    ("CZ-2022-006", "物流园道路开口审批", "2024-07-02 11:00", 3, "closed:7",
     "交通部门已批复道路开口方案。"),
    ("CZ-2023-011", "项目工人招聘需求约80人", "2024-07-09 14:45", 5, "closed:8",
     "社会事务部组织专场招聘会，已招聘86人。"),
    ("CZ-2021-003", "体育中心场馆消防验收前置条件咨询", "2024-07-15 09:30", 2, "closed:3",
     "消防部门提前指导，明确验收要点。"),
    ("CZ-2023-030", "中心大街风貌提升涉及64户商户临时经营安置", "2024-07-22 10:00", 3,
     "closed:14", "在中心大街西段设置临时经营点，商户已全部安置。"),
    ("CZ-2022-019", "安置房小区供热接入方案审批", "2024-08-05 15:20", 4, "closed:9",
     "热力公司出具接入方案，已纳入今冬供热计划。"),
    ("CZ-2023-002", "搬迁扩建项目土地出让手续衔接", "2024-08-12 09:00", 6, "closed:10",
     "自然资源部门已完成供地，项目开工。"),
    ("CZ-2023-032", "安博二期临时用水接驳", "2024-08-19 13:30", 2, "closed:4",
     "崔寨水务完成临时供水接驳。"),
    ("CZ-2023-019", "天然气管网穿越铁路专用线审批", "2024-08-26 10:45", 5, "closed:25",
     "铁路部门批复穿越方案，审批周期较长，已完成。"),
    ("CZ-2022-025", "生活配套区渣土消纳场地不足", "2024-09-02 08:30", 3, "closed:6",
     "协调起步区渣土消纳场增加消纳指标。"),
    ("CZ-2023-031", "商务中心基坑支护方案专家论证", "2024-09-10 14:00", 4, "closed:5",
     "组织专家论证会，方案通过。"),
    ("CZ-2023-035", "消防站用地范围内既有建筑拆除", "2024-09-23 09:15", 2, "closed:8",
     "征收部门完成补偿协议，建筑已拆除。"),
    ("CZ-2022-001", "产业园人防工程易地建设费减免咨询", "2024-10-08 10:10", 30, "closed:6",
     "按政策申请减免，人防部门已受理。"),
    ("CZ-2023-009", "医疗器械基地洁净厂房设计审查", "2024-10-14 15:30", 5, "closed:7",
     "协调审图机构优先审查。"),
    ("CZ-2022-014", "立交施工期间交通导改方案", "2024-10-21 09:00", 3, "resolved:6",
     "交警部门批复导改方案，设置临时导行标志。"),
    ("CZ-2023-029", "生态绿廊苗木采购价格上涨", "2024-11-04 11:20", 40, "resolved:8",
     "协调周边苗圃供苗，调整部分苗木品种。"),
    ("CZ-2023-003", "污水厂配套管网征地补偿争议", "2024-11-12 14:00", 4, "in_progress", ""),
    ("CZ-2023-004", "国博城五期塔吊扰民投诉", "2024-11-25 10:30", 2, "in_progress", ""),
    ("CZ-2023-013", "北延工程冬季施工扬尘管控标准解读", "2024-12-02 09:40", 3, "assigned", ""),
    ("CZ-2023-005", "37号地块项目农民工工资专户开设", "2024-12-16 16:00", 52, "assigned", ""),
    ("CZ-2023-026", "农贸市场用电报装", "2024-12-27 17:10", None, "reported", ""),
]

# --- enterprise service -----------------------------------------------------------------------
VISITORS = [
    "经济发展部 王磊、李娜", "项目建设服务中心 刘洋、陈静", "经济发展部 赵鹏、孙悦",
    "党工委副书记 张立伟，经济发展部 王磊",
]
# (enterprise, date, visitors index, notes)
VISITS = [
    ("鼎点数控", "2024-03-12", 3, "千企万户大走访：了解搬迁入园进度，宣讲专精特新培育政策。"),
    ("温声玻璃", "2024-03-14", 0, "千企万户大走访：搬迁扩建项目用地、融资需求摸排。"),
    ("紫燕食品", "2024-03-19", 0, "千企万户大走访：宣讲技术改造专项资金政策。"),
    ("鹊华汽车零部件", "2024-03-21", 1, "千企万户大走访：比亚迪配套产能扩张、用工需求。"),
    ("黄河电池材料", "2024-03-26", 2, "千企万户大走访：了解生产经营情况，宣讲惠企政策。"),
    ("精工内饰", "2024-04-02", 2, "千企万户大走访：了解订单与用工情况。"),
    ("华骏汽车电子", "2024-04-09", 0, "千企万户大走访：专精特新申报辅导。"),
    ("泺北线束", "2024-04-11", 1, "千企万户大走访：融资需求摸排。"),
    ("北岸模具", "2024-04-16", 2, "千企万户大走访：了解研发投入与政策需求。"),
    ("驰远物流", "2024-04-23", 1, "千企万户大走访：物流园二期用地需求。"),
    ("黄河数字", "2024-05-07", 0, "千企万户大走访：人才公寓与人才政策需求。"),
    ("储能装备", "2024-05-14", 2, "千企万户大走访：宣讲科技型企业研发补助政策。"),
    ("北辰光伏", "2024-05-21", 0, "千企万户大走访：高新技术企业认定辅导。"),
    ("华科医疗", "2024-05-28", 1, "千企万户大走访：医疗器械注册证办理需求。"),
    ("鲁北机械", "2024-06-04", 2, "千企万户大走访：银企对接需求。"),
    ("泰和建材", "2024-06-13", 0, "千企万户大走访：了解装配式建材市场情况。"),
    ("鹊华生物", "2024-06-18", 1, "千企万户大走访：环评与能耗指标咨询。"),
    ("晟达包装", "2024-06-25", 2, "千企万户大走访：融资与用工需求摸排。"),
    ("智联网联", "2024-07-02", 3, "千企万户大走访：测试场道路与配套需求。"),
    ("安博", "2024-07-09", 1, "千企万户大走访：一期投用后的招商运营与二期建设。"),
    ("崔寨农业", "2024-07-16", 0, "千企万户大走访：生态农业科技园用地政策。"),
    ("鼎点数控", "2024-07-30", 0, "回访：小巨人申报材料辅导，搬迁设备过渡安排。"),
    ("紫燕食品", "2024-08-06", 2, "回访：技改资金申报材料审核。"),
    ("鹊华汽车零部件", "2024-08-20", 0, "回访：产业扶持资金兑现。"),
    ("温声玻璃", "2024-09-03", 3, "回访：搬迁扩建项目开工后的施工服务。"),
    ("泺北线束", "2024-09-10", 1, "回访：银企对接后续跟进。"),
    ("黄河数字", "2024-09-24", 2, "回访：人才政策兑现情况。"),
    ("储能装备", "2024-10-15", 0, "回访：研发补助兑现。"),
    ("华骏汽车电子", "2024-10-22", 1, "回访：产能爬坡与用电需求。"),
    ("精工内饰", "2024-11-05", 0, "回访：冬季生产与员工通勤。"),
    ("驰远物流", "2024-11-19", 2, "回访：冷链物流园前期手续。"),
    ("鲁北机械", "2024-12-03", 1, "回访：年底资金周转情况。"),
    ("北辰光伏", "2024-12-10", 0, "回访：高新技术企业认定结果与后续政策。"),
]

# (enterprise, visit date, kind, title, hours to respond, outcome, resolution)
NEEDS = [
    ("温声玻璃", "2024-03-14", NeedKind.LAND, "搬迁扩建项目新增用地约60亩", 3, "closed:12",
     "纳入年度供地计划，8月完成土地出让。"),
    ("温声玻璃", "2024-03-14", NeedKind.FINANCING, "搬迁期间流动资金贷款需求3000万元", 4,
     "closed:9", "对接驻地银行，获批流动资金贷款3000万元。"),
    ("鹊华汽车零部件", "2024-03-21", NeedKind.TALENT, "冲压、焊装岗位用工缺口约150人", 2,
     "closed:14", "联合社会事务部举办专场招聘会3场，招聘162人。"),
    ("泺北线束", "2024-04-11", NeedKind.FINANCING, "设备购置融资需求2000万元", 5, "closed:10",
     "“益企赢”银企对接会促成授信2000万元。"),
    ("北岸模具", "2024-04-16", NeedKind.POLICY, "研发费用加计扣除政策咨询", 3, "closed:2",
     "税务部门上门辅导，政策已落实。"),
    ("驰远物流", "2024-04-23", NeedKind.LAND, "冷链物流园用地约120亩", 6, "closed:15",
     "已纳入2024年新策划项目，启动前期手续。"),
    ("黄河数字", "2024-05-07", NeedKind.TALENT, "引进研发人员住房保障需求", 4, "closed:8",
     "纳入人才公寓配租计划，过渡期提供租房补贴。"),
    ("华科医疗", "2024-05-28", NeedKind.PERMITS, "二类医疗器械注册证办理指导", 2, "closed:11",
     "协调省药监局审评中心提前指导，已提交注册申请。"),
    ("鲁北机械", "2024-06-04", NeedKind.FINANCING, "农机购置补贴资金回款慢，需短期融资",
     5, "closed:7", "对接银行“鲁担惠农贷”，获批贷款800万元。"),
    ("鹊华生物", "2024-06-18", NeedKind.POLICY, "项目能耗指标咨询", 3, "closed:6",
     "发改部门明确能耗指标来源，项目已通过节能审查。"),
    ("晟达包装", "2024-06-25", NeedKind.FINANCING, "原材料采购融资需求500万元", 2, "closed:5",
     "对接银行“科创贷”，获批500万元。"),
    ("智联网联", "2024-07-02", NeedKind.INFRASTRUCTURE, "测试场周边道路照明及监控配套", 4,
     "closed:18", "纳入比亚迪周边配套道路工程同步建设。"),
    ("崔寨农业", "2024-07-16", NeedKind.LAND, "设施农业用地备案", 8, "closed:9",
     "自然资源部门完成设施农用地备案。"),
    ("鼎点数控", "2024-07-30", NeedKind.POLICY, "专精特新“小巨人”申报材料辅导", 2, "closed:6",
     "组织专家辅导申报材料，企业已入选国家级专精特新“小巨人”。"),
    ("紫燕食品", "2024-08-06", NeedKind.POLICY, "技术改造专项资金申报", 3, "closed:10",
     "协助完成申报，获市级技术改造资金500万元。"),
    ("泺北线束", "2024-09-10", NeedKind.TALENT, "线束装配熟练工需求约60人", 30, "resolved:9",
     "对接职业院校订单式培养，首批45人已上岗。"),
    ("黄河数字", "2024-09-24", NeedKind.POLICY, "软件企业认定及税收优惠咨询", 4, "resolved:5",
     "已辅导企业提交软件企业评估申请。"),
    ("储能装备", "2024-10-15", NeedKind.FINANCING, "储能项目设备融资租赁需求1.2亿元", 5,
     "in_progress", ""),
    ("华骏汽车电子", "2024-10-22", NeedKind.INFRASTRUCTURE, "厂区双回路供电需求", 3,
     "in_progress", ""),
    ("精工内饰", "2024-11-05", NeedKind.INFRASTRUCTURE, "员工通勤公交线路延伸", 6, "in_progress",
     ""),
    ("驰远物流", "2024-11-19", NeedKind.PERMITS, "冷链物流园项目立项备案指导", 2, "assigned", ""),
    ("鲁北机械", "2024-12-03", NeedKind.FINANCING, "年底资金周转贷款续贷", 4, "assigned", ""),
]

# (enterprise, kind, title, amount in 万元, date, granting body)
SUPPORT_OUTCOMES = [
    ("鼎点数控", SupportKind.HONOUR, "国家级专精特新“小巨人”企业", None, "2024-08-15",
     "工业和信息化部"),
    ("紫燕食品", SupportKind.FUNDS, "市级技术改造专项资金", 500, "2024-10-18",
     "济南市工业和信息化局"),
    ("华骏汽车电子", SupportKind.HONOUR, "山东省专精特新中小企业", None, "2024-06-20",
     "山东省工业和信息化厅"),
    ("北辰光伏", SupportKind.HONOUR, "高新技术企业", None, "2024-12-05",
     "山东省高新技术企业认定管理机构"),
    ("黄河数字", SupportKind.HONOUR, "山东省瞪羚企业", None, "2024-11-08",
     "山东省工业和信息化厅"),
    ("鹊华汽车零部件", SupportKind.FUNDS, "起步区产业发展扶持资金", 280, "2024-09-12",
     "济南新旧动能转换起步区管理委员会"),
    ("储能装备", SupportKind.FUNDS, "科技型中小企业研发补助", 150, "2024-11-26",
     "济南市科学技术局"),
]

# --- economic indicators and campaigns --------------------------------------------------------
# Cumulative since January (万元). November's values are the summary's; 2023's November is
# chosen so that the computed growth rounds to exactly +115.41% and +51.42%.
INDICATORS = [
    ("general-budget-revenue", "一般公共预算收入", "一般公共预算收入，自年初累计。",
     {2023: (3900, 7200, 11800, 16100, 20500, 24600, 28300, 31900, 36000, 40100, 44473),
      2024: (8600, 15900, 25800, 34500, 43300, 52700, 60600, 68200, 76700, 86200, 95800)}),
    ("industrial-output-value", "工业总产值", "规模以上工业总产值，自年初累计。",
     {2023: (201000, 402500, 640200, 872300, 1105600, 1345800, 1578400, 1810900, 2061500,
             2317200, 2576900),
      2024: (318000, 620500, 978600, 1325400, 1672800, 2035100, 2381600, 2729900, 3098300,
             3493700, 3902000)}),
]

BYD_CAMPAIGN = (
    "比亚迪服务保障专项行动",
    "围绕比亚迪济南基地开展服务保障：建设公共停车场，在西南门设立城市管理执法工作站，"
    "整治违停，引导非机动车规范停放，设置潮汐摊区。",
    [("公共停车场面积", "平方米", 20000), ("新增停车位", "个", 3600),
     ("西南门城管执法工作站", "个", 1), ("清理违停车辆", "辆", 3000),
     ("引导非机动车规范停放", "辆", 4000), ("潮汐摊区吸纳流动摊贩", "户", 112)],
)
YIQIYING_CAMPAIGN = (
    "“益企赢”银企对接活动",
    "“益企赢”服务品牌：政务服务大厅与园区服务中心联动，组织银企对接会。",
    [("银企对接会", "场", 6), ("参会企业", "家", 86), ("达成授信意向", "万元", 42000)],
)

# Internal staff who move the demo's closed-loop items (no password: they cannot log in).
DEMO_STAFF = [
    ("demo-projects-officer", "刘洋", ProjectsConfig.office_group),
    ("demo-projects-leader", "张立伟", roles.LEADERS),
]


def load():
    with transaction.atomic():
        departments = Department.objects.in_bulk(field_name="code")
        officer, leader = _staff()
        enterprises = _enterprises()
        projects = _projects(departments, enterprises)
        _funding(projects)
        _milestones(projects)
        _monthly_progress(projects)
        _problems(projects, officer, leader, departments[PO])
        visits = _visits(enterprises, departments[ED])
        _needs(enterprises, visits, officer, leader, departments[ED])
        _support_outcomes(enterprises)
        _indicators()
        _campaigns(departments)


# --- writing ----------------------------------------------------------------------------------
def _day(text):
    return date.fromisoformat(text)


def _moment(text):
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def _staff():
    users = []
    for username, name, group in DEMO_STAFF:
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": name, "is_staff": False}
        )
        if created:
            user.set_unusable_password()
            user.save()
        user.groups.add(Group.objects.get(name=group))
        users.append(user)
    return users


def _enterprises():
    rows = []
    for number, (_key, (name, industry, park, address, output)) in enumerate(
        ENTERPRISES.items(), start=1
    ):
        rows.append({
            "credit_code": credit_code(number), "name": name, "industry": industry,
            "park": park, "address": address, "is_relocating": output is not None,
            "expected_output_value": None if output is None else Decimal(output),
        })
    by_code = sync(Enterprise, ["credit_code"], rows)
    return {key: by_code[(credit_code(n),)] for n, key in enumerate(ENTERPRISES, start=1)}


def _project_row(code, name, category, investment, owner, department, enterprises,
                 departments, number):
    enterprise = enterprises.get(owner)
    return {
        "code": code, "name": name, "category": category,
        "total_investment": Decimal(investment),
        "owner_enterprise": enterprise, "owner_name": "" if enterprise else owner,
        "department": departments[department],
        "lead_official": LEADS[number % len(LEADS)],
        "plan_year": int(code[3:7]),
        "description": DESCRIPTIONS.get(code, ""),
        "is_relocation": code in RELOCATION_PROJECTS,
    }


def _projects(departments, enterprises):
    rows = []
    number = 0
    for (code, name, category, investment, owner, dept, status, _bond,
         location) in NEWLY_PLANNED:
        number += 1
        row = _project_row(code, name, category, investment, owner, dept, enterprises,
                           departments, number)
        row.update(stage=BatchStage.PLANNED, status=status, location=location,
                   planned_start=date(2025, 3 + number % 6, 1),
                   planned_completion=date(2026 + number % 2, 12, 31))
        rows.append(row)
    started = ([(r, ProjectStatus.CONSTRUCTION) for r in UNDER_CONSTRUCTION]
               + [(r, ProjectStatus.COMPLETED) for r in COMPLETED]
               + [(r, ProjectStatus.SUSPENDED) for r in SUSPENDED])
    for (code, name, category, investment, owner, dept, start, end, progress,
         location), status in started:
        number += 1
        row = _project_row(code, name, category, investment, owner, dept, enterprises,
                           departments, number)
        actual_start = _day(start)
        completion = _day(end)
        row.update(
            stage=BatchStage.STARTED, status=status, location=location,
            progress_percent=progress, actual_start=actual_start,
            planned_start=actual_start.replace(day=1),
            planned_completion=completion,
            actual_completion=completion if status == ProjectStatus.COMPLETED else None,
        )
        if status == ProjectStatus.SUSPENDED:
            row["description"] = "受市场环境影响，建设单位申请暂缓建设。"
        rows.append(row)
    for code, name, category, investment, owner, dept, location in RESERVE:
        number += 1
        row = _project_row(code, name, category, investment, owner, dept, enterprises,
                           departments, number)
        row.update(stage=BatchStage.RESERVE, status=ProjectStatus.PLANNING, location=location)
        rows.append(row)
    # The key projects of the year are followed by the top leaders.
    leads = {"CZ-2021-003": LEADS[0], "CZ-2022-001": LEADS[1], "CZ-2023-001": LEADS[2],
             "CZ-2023-002": LEADS[2], "CZ-2024-001": LEADS[1], "CZ-2024-002": LEADS[0]}
    for row in rows:
        row["lead_official"] = leads.get(row["code"], row["lead_official"])
    return {key[0]: project for key, project in sync(Project, ["code"], rows).items()}


def _funding(projects):
    rows = []

    def line(project, source, amount, year, note=""):
        if amount:
            rows.append({"project": project, "source": source, "amount": Decimal(amount),
                         "year": year, "note": note})

    for code, _name, category, investment, _owner, *_rest, bond, _location in NEWLY_PLANNED:
        project = projects[code]
        if category == LIVELIHOOD:
            line(project, FundingSource.CENTRAL_SPECIAL_BOND, bond, YEAR,
                 "2024年中央专项债券")
            line(project, FundingSource.LOCAL_FISCAL, investment * 25 // 100, YEAR)
        else:
            line(project, FundingSource.SELF_RAISED, investment * 40 // 100, YEAR)
    for code, _name, category, investment, _owner, _dept, start, *_rest in (
        UNDER_CONSTRUCTION + COMPLETED + SUSPENDED
    ):
        project, year = projects[code], int(start[:4])
        if project.owner_enterprise_id and category == INDUSTRY:
            line(project, FundingSource.SELF_RAISED, investment * 55 // 100, year)
            line(project, FundingSource.BANK_LOAN, investment * 35 // 100, year)
        else:
            line(project, FundingSource.LOCAL_SPECIAL_BOND, investment * 40 // 100, year)
            line(project, FundingSource.LOCAL_FISCAL, investment * 20 // 100, year)
    # Central bonds of earlier years for two ecological projects.
    line(projects["CZ-2023-003"], FundingSource.CENTRAL_SPECIAL_BOND, 12000, 2023,
         "2023年中央专项债券（污水处理）")
    line(projects["CZ-2023-028"], FundingSource.CENTRAL_SPECIAL_BOND, 6000, 2023,
         "2023年中央专项债券（流域治理）")
    sync(FundingLine, ["project", "source", "year"], rows)


def _milestones(projects):
    rows = []

    def milestone(project, kind, planned, done=None):
        rows.append({"project": project, "kind": kind, "planned_date": planned,
                     "done_date": done})

    before_start = [  # kind, planned days before the start, done days before the start
        (MilestoneKind.APPROVAL, 180, 176), (MilestoneKind.LAND, 120, 117),
        (MilestoneKind.ENVIRONMENTAL, 90, 86), (MilestoneKind.PLANNING_PERMIT, 60, 57),
        (MilestoneKind.CONSTRUCTION_PERMIT, 20, 12),
    ]
    for row in UNDER_CONSTRUCTION + COMPLETED + SUSPENDED:
        project = projects[row[0]]
        start = project.actual_start
        for kind, planned, done in before_start:
            milestone(project, kind, start - timedelta(days=planned),
                      start - timedelta(days=done))
        milestone(project, MilestoneKind.START_OF_WORKS, project.planned_start, start)
        if project.status == ProjectStatus.COMPLETED:
            milestone(project, MilestoneKind.COMPLETION_ACCEPTANCE, project.planned_completion,
                      project.actual_completion)
        elif project.planned_completion.year <= YEAR:
            # Behind schedule: the acceptance it planned for 2024 is overdue.
            milestone(project, MilestoneKind.COMPLETION_ACCEPTANCE, project.planned_completion)
    for row in NEWLY_PLANNED:
        project = projects[row[0]]
        if project.status != ProjectStatus.PREPARATION:
            continue
        milestone(project, MilestoneKind.APPROVAL, date(2024, 6, 30), date(2024, 6, 21))
        if row[0] in LAND_DONE:
            milestone(project, MilestoneKind.LAND, LAND_DONE[row[0]], LAND_DONE[row[0]])
        if row[0] in OVERDUE_FORMALITIES:
            kind, planned = OVERDUE_FORMALITIES[row[0]]
            milestone(project, kind, planned)
    sync(Milestone, ["project", "kind"], rows)


# Work done in each calendar month, relatively: little over the Spring Festival, most from
# spring to autumn.
MONTH_WEIGHTS = (6, 4, 9, 10, 10, 9, 8, 9, 10, 10, 9, 6)
PHASES = ((30, "基础及地下结构施工"), (60, "主体结构施工"), (85, "二次结构及机电安装"),
          (101, "装饰装修及室外配套"))
# Investment follows physical progress; a finished project has spent this share of its
# total (the rest is settled after the final accounts).
SPENT_AT_COMPLETION = Decimal("0.95")


def _monthly_progress(projects):
    """Every month from the start of works to the end of 2024 (or to completion, or to the
    suspension), so that the cumulative figures derived from them match the progress."""
    rows = []
    for row in UNDER_CONSTRUCTION + COMPLETED + SUSPENDED:
        project = projects[row[0]]
        start = project.actual_start
        end = project.actual_completion or date(YEAR, 12, 31)
        if project.status == ProjectStatus.SUSPENDED:
            end = date(YEAR, 4, 30)
        months = [(year, month) for year in range(start.year, end.year + 1)
                  for month in range(1, 13)
                  if (start.year, start.month) <= (year, month) <= (end.year, end.month)]
        total = (project.total_investment * SPENT_AT_COMPLETION
                 * project.progress_percent / 100).quantize(Decimal(1))
        rng = random.Random(project.code)  # the same figures on every load
        weights = [MONTH_WEIGHTS[month - 1] * rng.uniform(0.8, 1.2) for _, month in months]
        amounts = [(total * Decimal(w / sum(weights))).quantize(Decimal(1)) for w in weights]
        amounts[-1] = total - sum(amounts[:-1])
        duration = (end - start).days
        for index, ((year, month), amount) in enumerate(zip(months, amounts, strict=True)):
            month_end = min(date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1), end)
            done = project.progress_percent * (month_end - start).days / duration
            if index == 0:
                narrative = "项目开工，开展施工准备及场地平整。"
            elif index == len(months) - 1 and project.status == ProjectStatus.COMPLETED:
                narrative = "工程竣工验收，交付使用。"
            elif index == len(months) - 1 and project.status == ProjectStatus.SUSPENDED:
                narrative = "建设单位申请暂缓建设，现场停工。"
            else:
                phase = next(text for limit, text in PHASES if done < limit)
                narrative = f"{phase}，形象进度约{round(done)}%。"
            rows.append({"project": project, "year": year, "month": month,
                         "investment_completed": amount, "narrative": narrative})
    sync(MonthlyProgress, ["project", "year", "month"], rows)


# --- closed-loop items ------------------------------------------------------------------------
def _problems(projects, officer, leader, department):
    existing = set(
        ProjectProblem.objects.filter(project__code__in={p[0] for p in PROBLEMS})
        .values_list("project__code", "title")
    )
    for code, title, reported, hours, outcome, resolution in PROBLEMS:
        if (code, title) in existing:
            continue
        item = closed_loop.closed_loop_report(
            model=ProjectProblem, by=officer, project=projects[code], title=title,
            description=f"{projects[code].name}：{title}。", reported_at=_moment(reported),
        )
        _walk(item, hours, outcome, resolution, officer, leader, department)


def _visits(enterprises, department):
    rows = [
        {"enterprise": enterprises[key], "date": _day(day), "visitors": VISITORS[who],
         "department": department, "notes": notes}
        for key, day, who, notes in VISITS
    ]
    return sync(Visit, ["enterprise", "date"], rows)


def _needs(enterprises, visits, officer, leader, department):
    existing = set(
        EnterpriseNeed.objects.filter(enterprise__in=enterprises.values())
        .values_list("enterprise_id", "title")
    )
    for key, day, kind, title, hours, outcome, resolution in NEEDS:
        enterprise = enterprises[key]
        if (enterprise.pk, title) in existing:
            continue
        visit = visits[(enterprise.pk, _day(day))]
        item = closed_loop.closed_loop_report(
            model=EnterpriseNeed, by=officer, enterprise=enterprise, visit=visit, kind=kind,
            title=title, description=f"{visit.visitors}走访{enterprise.name}时收集。",
            reported_at=_moment(f"{day} 16:30"),
        )
        _walk(item, hours, outcome, resolution, officer, leader, department)


def _walk(item, hours, outcome, resolution, officer, leader, department):
    """Move a freshly reported item through the workflow services to ``outcome``, then put
    the historical times on it and on its log: the services stamp every step with the
    current time, but the demo replays 2024."""
    status, _, days = outcome.partition(":")
    times = {WorkflowAction.REPORT: item.reported_at}
    stamps = {}
    if status != WorkflowStatus.REPORTED:
        item = closed_loop.closed_loop_assign(item, by=officer, assignee=officer,
                                           department=department, note="已受理，转交专人办理。")
        times[WorkflowAction.ASSIGN] = stamps["responded_at"] = (
            item.reported_at + timedelta(hours=hours)
        )
    if status not in (WorkflowStatus.REPORTED, WorkflowStatus.ASSIGNED):
        item = closed_loop.closed_loop_start(item, by=officer, note="现场对接，开始办理。")
        times[WorkflowAction.START] = stamps["responded_at"] + timedelta(hours=2)
    if days:
        item = closed_loop.closed_loop_resolve(item, by=officer, note=resolution)
        times[WorkflowAction.RESOLVE] = stamps["resolved_at"] = (
            item.reported_at + timedelta(days=int(days), hours=hours)
        )
    if status == WorkflowStatus.CLOSED:
        item = closed_loop.closed_loop_verify(item, by=leader, note="经回访核实，办结。")
        times[WorkflowAction.VERIFY] = stamps["closed_at"] = (
            stamps["resolved_at"] + timedelta(days=1)
        )
    if stamps:
        type(item).objects.filter(pk=item.pk).update(**stamps)
        # The history's snapshots show the same times as the item.
        for name, at in stamps.items():
            item.history.filter(**{f"{name}__isnull": False}).update(**{name: at})
    log = WorkflowTransition.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    )
    for action, at in times.items():
        log.filter(action=action).update(at=at)


def _support_outcomes(enterprises):
    rows = [
        {"enterprise": enterprises[key], "kind": kind, "title": title,
         "amount": None if amount is None else Decimal(amount), "date": _day(day),
         "granting_body": body}
        for key, kind, title, amount, day, body in SUPPORT_OUTCOMES
    ]
    sync(SupportOutcome, ["enterprise", "title"], rows)


# --- shared core: indicators and campaigns ----------------------------------------------------
def _indicators():
    indicators = sync(Indicator, ["code"], [
        {"code": code, "name": name, "unit": "万元", "area": Area.ECONOMY,
         "period_kind": IndicatorPeriodKind.CUMULATIVE, "description": description}
        for code, name, description, _values in INDICATORS
    ])
    rows = []
    for code, _name, _description, values in INDICATORS:
        for year, months in values.items():
            for month, value in enumerate(months, start=1):
                rows.append({"indicator": indicators[(code,)], "year": year, "month": month,
                             "value": Decimal(value), "source": "起步区经济运行统计月报"})
    sync(IndicatorValue, ["indicator", "year", "month"], rows)


def _campaigns(departments):
    owners = {BYD_CAMPAIGN[0]: departments[EE], YIQIYING_CAMPAIGN[0]: departments[ED]}
    campaigns = sync(Campaign, ["name"], [
        {"name": name, "area": Area.PROJECTS, "year": YEAR, "start_date": date(YEAR, 3, 1),
         "end_date": date(YEAR, 12, 31), "department": owners[name],
         "description": description}
        for name, description, _outputs in (BYD_CAMPAIGN, YIQIYING_CAMPAIGN)
    ])
    sync(CampaignOutput, ["campaign", "metric"], [
        {"campaign": campaigns[(name,)], "metric": metric, "unit": unit,
         "value": Decimal(value)}
        for name, _description, outputs in (BYD_CAMPAIGN, YIQIYING_CAMPAIGN)
        for metric, unit, value in outputs
    ])
