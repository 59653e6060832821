"""The shared core's part of the demo data: offices, the four ideal communities and the
27 villages they rehouse. Idempotent: loading twice changes nothing."""

from cuizhai.core.base.demo import sync
from cuizhai.core.choices import CommunityKind
from cuizhai.core.models import Community, Department, Village

DEPARTMENTS = [
    ("projects-office", "项目建设服务中心", "0531-88120001"),
    ("economic-development", "经济发展部", "0531-88120002"),
    ("resettlement-office", "拆迁安置办公室", "0531-88120003"),
    ("safety-office", "安全生产监督管理办公室", "0531-88120004"),
    ("environment-enforcement", "综合行政执法中队", "0531-88120005"),
    ("party-office", "党建工作办公室", "0531-88120006"),
    ("social-affairs", "社会事务部", "0531-88120007"),
    ("planning-construction", "规划建设部", "0531-88120008"),
]

COMMUNITIES = [
    ("凤凰社区", "崔寨街道凤凰路以北"),
    ("清宁社区", "崔寨街道清宁街"),
    ("河润社区", "崔寨街道河润路"),
    ("怡河社区", "崔寨街道怡河大道"),
]

# Village → the ideal community its people move into. The first six are named in the
# 2024 summary; the others complete the 27 relocated villages.
VILLAGES = {
    "凤凰社区": ["高道口村", "花二庄村", "王河村", "前王村", "后王村", "曹家村", "李家村"],
    "清宁社区": ["东万村", "韩家村", "大魏村", "小魏村", "张家村", "陈家村", "马家村"],
    "河润社区": ["程袁村", "孙家村", "刘家村", "赵家村", "杨家村", "周家村", "吴家村"],
    "怡河社区": ["郑家村", "宋家村", "闫家村", "杜家村", "梁家村", "高家村"],
}


def load():
    sync(Department, ["code"], [
        {"code": code, "name": name, "phone": phone} for code, name, phone in DEPARTMENTS
    ])
    communities = sync(Community, ["name"], [
        {"name": name, "kind": CommunityKind.IDEAL, "address": address}
        for name, address in COMMUNITIES
    ])
    villages = []
    number = 200
    for community_name, names in VILLAGES.items():
        for village in names:
            number += 1
            villages.append({
                "name": village, "code": f"370115106{number:03d}", "is_relocated": True,
                "resettled_in": communities[(community_name,)],
            })
    sync(Village, ["name"], villages)
