#!/usr/bin/env python3
"""Generate the FICTIONAL demo data set for Proven (data/demo/services.csv).

Everything this script writes is made up: every company, service, address,
registration body and URL is fictional (company names always contain a
marker word such as サンプル / デモ / 架空 / 例示 / 仮称, and every home page
uses the reserved ``.example`` top-level domain).  The data only imitates the
shape of Japan's 情報セキュリティサービス基準適合サービスリスト so that the
app can be developed and demonstrated without the real list.

Usage (standard library only, Python 3.8+)::

    python3 tools/gen_demo_data.py data/demo/services.csv   # write to a file
    python3 tools/gen_demo_data.py > data/demo/services.csv # or to stdout

The output is deterministic (fixed random seed, no dependence on hash
ordering), so re-running the script reproduces the file byte for byte.

Output format: UTF-8 without BOM, LF line endings, RFC 4180 quoting, header

    サービス名,事業者名称,事業者所在地,サービスの概要,主な顧客対象の分野・業種,
    対象とする地域,登録年月日,有効期限,審査登録機関名,サービス種別,ホームページ

List cells (業種, 地域) join items with "、"; dates are YYYY/MM/DD.  Validity is
designed around the reference date 2026-11-28 (about 85 % valid, 7 services
expiring within the following 90 days, the rest expired).
"""

import csv
import datetime as dt
import random
import sys
import unicodedata

SEED = 20261128
REF_DATE = dt.date(2026, 11, 28)

HEADER = [
    "サービス名", "事業者名称", "事業者所在地", "サービスの概要",
    "主な顧客対象の分野・業種", "対象とする地域", "登録年月日", "有効期限",
    "審査登録機関名", "サービス種別", "ホームページ",
]

# --------------------------------------------------------------------------
# Service types
# --------------------------------------------------------------------------
AUDIT, VULN, PENTEST, FORENSIC, MONITOR, DEVICE = (
    "情報セキュリティ監査", "脆弱性診断", "ペネトレーションテスト",
    "デジタルフォレンジック", "セキュリティ監視・運用", "機器検証",
)
TYPES = [AUDIT, VULN, PENTEST, FORENSIC, MONITOR, DEVICE]
TYPE_TOTAL = {AUDIT: 64, VULN: 96, PENTEST: 40, FORENSIC: 30, MONITOR: 44, DEVICE: 30}
# Main (first) service type of each of the 170 providers; the remaining rows
# are extra services of providers that offer several.
TYPE_PRIMARY = {AUDIT: 40, VULN: 52, PENTEST: 12, FORENSIC: 14, MONITOR: 30, DEVICE: 22}
TYPE_PATH = {
    AUDIT: "audit", VULN: "vulnerability-assessment", PENTEST: "pentest",
    FORENSIC: "forensics", MONITOR: "soc", DEVICE: "device-testing",
}
N_PROVIDERS = sum(TYPE_PRIMARY.values())  # 170

# --------------------------------------------------------------------------
# Geography
# --------------------------------------------------------------------------
AREAS = {
    "北海道": ["北海道"],
    "東北": ["青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県"],
    "関東": ["茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県"],
    "中部": ["新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県",
           "静岡県", "愛知県"],
    "近畿": ["三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県"],
    "中国": ["鳥取県", "島根県", "岡山県", "広島県", "山口県"],
    "四国": ["徳島県", "香川県", "愛媛県", "高知県"],
    "九州・沖縄": ["福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県",
              "鹿児島県", "沖縄県"],
}
PREF_AREA = {p: a for a, ps in AREAS.items() for p in ps}
ADJACENT_AREAS = {
    "北海道": ["東北"], "東北": ["関東", "北海道"], "関東": ["中部", "東北"],
    "中部": ["関東", "近畿"], "近畿": ["中部", "中国", "四国"],
    "中国": ["近畿", "四国", "九州・沖縄"], "四国": ["中国", "近畿"],
    "九州・沖縄": ["中国"],
}

# Number of providers per prefecture (sums to 170).
PREF_QUOTA = [
    ("東京都", 119), ("神奈川県", 14), ("大阪府", 10), ("愛知県", 4), ("福岡県", 4),
    ("北海道", 2), ("京都府", 2), ("兵庫県", 2), ("埼玉県", 2), ("千葉県", 2),
    ("宮城県", 1), ("広島県", 1), ("静岡県", 1), ("石川県", 1), ("岡山県", 1),
    ("香川県", 1), ("熊本県", 1), ("沖縄県", 1), ("新潟県", 1),
]

CITIES = {
    "東京都": ["千代田区", "中央区", "港区", "新宿区", "渋谷区", "品川区", "文京区",
            "台東区", "江東区", "目黒区", "大田区", "豊島区", "墨田区", "世田谷区",
            "武蔵野市", "立川市", "八王子市"],
    "神奈川県": ["横浜市西区", "横浜市中区", "横浜市港北区", "川崎市中原区",
             "川崎市幸区", "相模原市中央区", "藤沢市", "厚木市"],
    "大阪府": ["大阪市北区", "大阪市中央区", "大阪市西区", "大阪市淀川区", "吹田市",
            "堺市堺区"],
    "愛知県": ["名古屋市中区", "名古屋市中村区", "名古屋市東区", "豊田市"],
    "福岡県": ["福岡市博多区", "福岡市中央区", "北九州市小倉北区"],
    "北海道": ["札幌市中央区", "札幌市北区"],
    "京都府": ["京都市下京区", "京都市中京区"],
    "兵庫県": ["神戸市中央区", "姫路市"],
    "埼玉県": ["さいたま市大宮区", "さいたま市浦和区", "川口市"],
    "千葉県": ["千葉市美浜区", "千葉市中央区", "船橋市", "柏市"],
    "宮城県": ["仙台市青葉区", "仙台市宮城野区"],
    "広島県": ["広島市中区", "広島市南区"],
    "静岡県": ["静岡市葵区", "浜松市中央区"],
    "石川県": ["金沢市"],
    "岡山県": ["岡山市北区"],
    "香川県": ["高松市"],
    "熊本県": ["熊本市中央区"],
    "沖縄県": ["那覇市"],
    "新潟県": ["新潟市中央区"],
}
TOWNS = ["本町", "栄町", "中央", "緑町", "東町", "西町", "南町", "北町", "旭町",
         "若葉", "桜台", "青葉台", "見本町", "試験町", "仮町", "港町", "新町",
         "錦町", "大手町", "駅前"]
BUILDINGS = ["サンプル", "デモ", "見本", "架空", "例示", "テスト", "第二サンプル",
             "ダミー", "モデル", "仮設"]
BUILDING_KINDS = ["ビル", "タワー", "センタービル", "ビルディング", "スクエア"]

# Regional flavour for some company names outside Tokyo.
LOCAL_PREFIX = {
    "北海道": ("道央", "doo"), "宮城県": ("杜の都", "morinomiyako"),
    "愛知県": ("中部", "chubu"), "大阪府": ("なにわ", "naniwa"),
    "京都府": ("洛中", "rakuchu"), "兵庫県": ("六甲", "rokko"),
    "福岡県": ("博多", "hakata"), "広島県": ("瀬戸内", "setouchi"),
    "沖縄県": ("琉球", "ryukyu"), "神奈川県": ("湘南", "shonan"),
    "石川県": ("加賀", "kaga"), "香川県": ("讃岐", "sanuki"),
    "熊本県": ("肥後", "higo"), "新潟県": ("越後", "echigo"),
    "岡山県": ("吉備", "kibi"), "静岡県": ("駿河", "suruga"),
}

# --------------------------------------------------------------------------
# Fictional company names: every name contains one marker word.
# --------------------------------------------------------------------------
MARKERS = [("サンプル", "sample"), ("デモ", "demo"), ("架空", "kaku"),
           ("例示", "reiji"), ("仮称", "kasho"), ("ダミー", "dummy"),
           ("モック", "mock"), ("エグザンプル", "example"),
           ("フィクティブ", "fictive"), ("見本", "mihon")]
CORES = [("セキュリティ", "security"), ("サイバー", "cyber"),
         ("ネットワークス", "networks"), ("テック", "tech"),
         ("システムズ", "systems"), ("ソリューションズ", "solutions"),
         ("ディフェンス", "defense"), ("ガード", "guard"),
         ("シールド", "shield"), ("ラボ", "lab"),
         ("コンサルティング", "consulting"), ("データ", "data"),
         ("セキュア", "secure"), ("サイバーワークス", "cyberworks"),
         ("アシュアランス", "assurance"), ("インテグレーション", "integration"),
         ("リスクマネジメント", "risk"), ("テクノロジーズ", "technologies"),
         ("ITサービス", "it-service"), ("サイバーラボ", "cyberlab")]
KANJI_CORES = [("情報技術", "joho-gijutsu"), ("電算", "densan"),
               ("情報セキュリティ", "johosec"), ("総合研究所", "soken"),
               ("システム開発", "system-kaihatsu"), ("情報システム", "johosys"),
               ("通信", "tsushin"), ("計算センター", "keisan")]
DESCRIPTORS = [("ブルー", "blue"), ("レッド", "red"), ("グリーン", "green"),
               ("シルバー", "silver"), ("ホワイト", "white"), ("スカイ", "sky"),
               ("オーシャン", "ocean"), ("フォレスト", "forest"),
               ("ステラ", "stella"), ("ノヴァ", "nova"), ("アルファ", "alpha"),
               ("オメガ", "omega"), ("北斗", "hokuto"), ("東雲", "shinonome"),
               ("暁", "akatsuki"), ("青葉", "aoba"), ("若葉", "wakaba"),
               ("光風", "kofu"), ("ルミナ", "lumina"), ("アトラス", "atlas")]
FW_LATIN = [("ＡＢＣ", "abc"), ("ＸＹＺ", "xyz"), ("ＱＲＳ", "qrs"),
            ("ＪＫＬ", "jkl"), ("ＭＮＯ", "mno")]

# --------------------------------------------------------------------------
# Registration bodies (uneven shares)
# --------------------------------------------------------------------------
BODIES = [
    ("一般社団法人サンプル情報セキュリティ審査機構", 38),
    ("特定非営利活動法人デモ監査登録センター", 24),
    ("株式会社架空認証サービス", 17),
    ("一般財団法人テスト適合性評価協会", 13),
    ("一般社団法人例示セキュリティ審査会", 8),
]

# --------------------------------------------------------------------------
# Customer industries
# --------------------------------------------------------------------------
INDUSTRIES = ["製造業", "機械・電機・精密機器", "金融・保険業", "情報通信業",
              "医療・福祉", "官公庁・自治体", "教育・研究機関", "小売・卸売業",
              "建設・不動産業", "運輸・物流", "電気・ガス・水道", "重要インフラ",
              "サービス業"]
INDUSTRY_BOOST = {
    AUDIT: {"金融・保険業": 3, "官公庁・自治体": 3, "医療・福祉": 2, "情報通信業": 2},
    VULN: {"情報通信業": 4, "金融・保険業": 3, "小売・卸売業": 3, "サービス業": 2},
    PENTEST: {"金融・保険業": 4, "重要インフラ": 3, "情報通信業": 2, "製造業": 2},
    FORENSIC: {"製造業": 2, "医療・福祉": 2, "金融・保険業": 2, "官公庁・自治体": 2},
    MONITOR: {"情報通信業": 3, "製造業": 2, "金融・保険業": 2, "小売・卸売業": 2},
    DEVICE: {"製造業": 6, "機械・電機・精密機器": 7, "医療・福祉": 2,
             "運輸・物流": 2, "電気・ガス・水道": 2, "重要インフラ": 2},
}

# --------------------------------------------------------------------------
# Service names: (name, topic); the topic selects a matching overview intro.
# --------------------------------------------------------------------------
SERVICE_NAMES = {
    AUDIT: [
        ("情報セキュリティ監査サービス", "general"), ("情報セキュリティ外部監査", "general"),
        ("情報セキュリティ保証型監査", "general"), ("情報セキュリティ助言型監査", "general"),
        ("セキュリティポリシー準拠性監査", "general"),
        ("中小企業向けセキュリティ簡易監査", "general"),
        ("ISMS内部監査支援", "isms"), ("ISMS内部監査代行サービス", "isms"),
        ("ISO/IEC 27001内部監査", "isms"),
        ("PCI DSS準拠監査", "pci"), ("PCI DSS準拠性評価支援", "pci"),
        ("SOC2対応アセスメント", "soc2"), ("SOC2レディネス評価", "soc2"),
        ("委託先セキュリティ監査代行", "supply"),
        ("サプライチェーンセキュリティ監査", "supply"),
        ("グループ会社セキュリティ監査", "supply"),
        ("クラウドセキュリティ監査", "cloud"),
        ("ISO/IEC 27017クラウドセキュリティ監査", "cloud"),
        ("AWS環境セキュリティ監査", "cloud"), ("Azureセキュリティ構成監査", "cloud"),
        ("ISMAP対応監査支援", "cloud"),
        ("セキュリティ成熟度評価サービス", "maturity"),
        ("NIST CSF成熟度アセスメント", "maturity"),
        ("ゼロトラスト成熟度アセスメント", "maturity"),
        ("サイバーセキュリティ経営ガイドライン準拠評価", "maturity"),
        ("自治体情報セキュリティ監査", "public"),
        ("教育機関向け情報セキュリティ監査", "public"),
        ("医療情報システム安全管理ガイドライン準拠監査", "sector"),
        ("金融機関向けセキュリティ監査", "sector"),
        ("制御システムセキュリティ監査(IEC 62443)", "ot"),
        ("個人情報保護監査", "privacy"), ("プライバシーマーク内部監査支援", "privacy"),
    ],
    VULN: [
        ("Webアプリケーション脆弱性診断サービス", "web"), ("Webアプリケーション診断", "web"),
        ("Webアプリ診断スタンダード", "web"), ("手動Webアプリケーション診断プレミアム", "web"),
        ("ECサイト脆弱性診断", "web"),
        ("Webサイト簡易診断", "cms"), ("WordPress脆弱性診断", "cms"),
        ("CMS簡易セキュリティ診断", "cms"),
        ("プラットフォーム脆弱性診断", "platform"), ("ネットワーク脆弱性診断", "platform"),
        ("外部公開サーバ診断", "platform"), ("ツール診断サービス", "platform"),
        ("定期脆弱性診断サービス", "general"), ("セキュリティ診断サービス", "general"),
        ("脆弱性診断サービス", "general"),
        ("内部ネットワーク診断", "internal"), ("Active Directoryセキュリティ診断", "internal"),
        ("無線LANセキュリティ診断", "internal"), ("リモートアクセス環境診断", "internal"),
        ("スマホアプリ診断", "mobile"), ("スマートフォンアプリケーション脆弱性診断", "mobile"),
        ("クラウドセキュリティ診断", "cloud"), ("クラウド設定診断(CSPM)", "cloud"),
        ("AWSセキュリティ設定診断", "cloud"), ("Azure設定診断", "cloud"),
        ("Google Cloudセキュリティ診断", "cloud"), ("SaaS設定診断(SSPM)", "cloud"),
        ("コンテナ・Kubernetes診断", "cloud"),
        ("API脆弱性診断", "api"), ("APIセキュリティ診断", "api"),
        ("ソースコード診断", "source"), ("セキュアコードレビュー", "source"),
        ("OSS脆弱性診断(SCA)", "source"),
        ("ASM(アタックサーフェス管理)診断", "asm"), ("外部公開資産調査サービス", "asm"),
        ("ゲームセキュリティ診断", "game"), ("IoT機器脆弱性診断", "iot"),
    ],
    PENTEST: [
        ("ペネトレーションテストサービス", "general"), ("ペネトレーションテスト", "general"),
        ("侵入テストサービス", "general"), ("攻撃シミュレーション診断", "general"),
        ("制御システム(OT)ペネトレーションテスト", "ot"),
        ("OT/ICSペネトレーションテスト", "ot"),
        ("レッドチーム演習", "redteam"), ("レッドチームアセスメント", "redteam"),
        ("パープルチーム演習", "redteam"), ("標的型攻撃シナリオテスト", "redteam"),
        ("TLPT(脅威ベースペネトレーションテスト)", "tlpt"),
        ("Active Directory侵入テスト", "ad"), ("内部侵入テスト", "ad"),
        ("ランサムウェア耐性評価", "ad"),
        ("クラウドペネトレーションテスト", "cloud"), ("AWSペネトレーションテスト", "cloud"),
        ("外部侵入テスト", "external"),
        ("Webアプリケーションペネトレーションテスト", "external"),
        ("物理ペネトレーションテスト", "physical"),
        ("無線LANペネトレーションテスト", "physical"),
        ("車載システムペネトレーションテスト", "car"),
    ],
    FORENSIC: [
        ("インシデント対応・フォレンジック調査", "general"),
        ("デジタルフォレンジックサービス", "general"),
        ("フォレンジック調査サービス", "general"),
        ("緊急インシデントレスポンス", "general"),
        ("CSIRT支援・フォレンジック", "general"), ("不正アクセス調査", "general"),
        ("インシデントレスポンスリテイナー", "retainer"),
        ("ランサムウェア被害調査", "ransom"), ("ランサムウェア緊急対応サービス", "ransom"),
        ("情報漏えい調査", "insider"), ("社内不正調査", "insider"),
        ("eディスカバリー支援", "insider"),
        ("モバイルフォレンジック", "device"), ("PC・サーバフォレンジック", "device"),
        ("証拠保全サービス", "device"),
        ("クラウドフォレンジック", "cloud"), ("Microsoft 365侵害調査", "cloud"),
        ("マルウェア解析サービス", "malware"),
        ("侵害痕跡調査(コンプロマイズアセスメント)", "compromise"),
        ("ログ解析調査サービス", "compromise"),
    ],
    MONITOR: [
        ("24時間365日SOCサービス", "soc"), ("マネージドSOCサービス", "soc"),
        ("SOCサービス", "soc"), ("中小企業向けSOCライト", "soc"),
        ("セキュリティ監視サービス", "soc"),
        ("EDR運用監視サービス", "edr"), ("MDRサービス", "edr"), ("マネージドEDR", "edr"),
        ("XDRマネージドサービス", "xdr"), ("XDR運用監視", "xdr"),
        ("WAF運用サービス", "waf"), ("クラウドWAF運用監視", "waf"),
        ("OTセキュリティ監視", "ot"), ("制御システムネットワーク監視", "ot"),
        ("クラウドセキュリティ監視(CSPM運用)", "cloud"),
        ("AWSセキュリティ運用監視", "cloud"), ("Azureセキュリティ運用サービス", "cloud"),
        ("SIEM運用監視", "siem"), ("ログ監視サービス", "siem"),
        ("SIEM構築・運用支援", "siem"),
        ("マネージドファイアウォール", "network"), ("UTM運用監視サービス", "network"),
        ("ネットワーク脅威検知(NDR)サービス", "network"),
        ("CSIRT運用支援サービス", "csirt"), ("脆弱性管理運用サービス", "csirt"),
        ("ダークウェブ監視サービス", "csirt"),
    ],
    DEVICE: [
        ("IoT機器セキュリティ検証", "iot"), ("IoTセキュリティ評価サービス", "iot"),
        ("組込み機器セキュリティ診断", "iot"), ("ファームウェア解析サービス", "iot"),
        ("ファジングテストサービス", "iot"),
        ("無線通信(Bluetooth/LoRa)セキュリティ検証", "iot"),
        ("ハードウェア脆弱性検証", "hw"), ("サイドチャネル耐性評価", "hw"),
        ("ICカード・決済端末セキュリティ評価", "hw"),
        ("車載機器セキュリティ評価", "car"), ("車載ECUペネトレーションテスト", "car"),
        ("医療機器サイバーセキュリティ評価", "medical"),
        ("ネットワーク機器セキュリティ検証", "network"),
        ("監視カメラセキュリティ検証", "network"),
        ("制御機器セキュリティ検証(IEC 62443-4-2)", "ot"),
        ("産業用機器セキュリティ評価", "ot"),
        ("スマート家電セキュリティ評価", "consumer"), ("JC-STAR適合評価支援", "consumer"),
    ],
}
NAME_SUFFIXES = [(" Pro", 4), (" ライト", 3), (" プラス", 2), ("（スタンダード）", 2),
                 (" Enterprise", 1), (" for SMB", 1), ("パック", 2)]

# --------------------------------------------------------------------------
# Overview fragments
# --------------------------------------------------------------------------
INTROS = {
    AUDIT: {
        "general": ["情報セキュリティ管理基準に基づき、組織の管理策の整備・運用状況を第三者の立場から評価する監査サービスです。",
                    "組織の情報セキュリティ対策がポリシーや規程どおりに運用されているかを独立した立場で監査します。"],
        "isms": ["ISO/IEC 27001の要求事項に沿って、ISMSの内部監査を計画から報告まで一貫して支援します。",
                 "ISMS認証の維持・更新に必要な内部監査を、専門の監査人が代行または共同で実施します。"],
        "pci": ["クレジットカード情報を取り扱う事業者を対象に、PCI DSSへの準拠状況を評価します。"],
        "soc2": ["SOC2報告書の取得を目指す企業に向けて、Trust Services Criteriaに照らしたギャップ分析を行います。"],
        "supply": ["委託先や子会社を含むサプライチェーン全体のセキュリティ対策状況を確認する監査サービスです。",
                   "取引先・委託先に対するセキュリティ監査を、お客様に代わって計画・実施します。"],
        "cloud": ["クラウドサービスの利用・提供に関する管理策について、ISO/IEC 27017などの観点から監査を行います。",
                  "AWSやAzureなどのクラウド環境のガバナンスと設定管理の状況を監査します。"],
        "maturity": ["経営層向けにセキュリティ対策の成熟度を可視化し、改善の優先順位を明確にします。",
                     "フレームワークに基づく成熟度モデルで現状を評価し、目標とのギャップを明らかにします。"],
        "public": ["自治体・公共機関向けに、情報セキュリティポリシーの遵守状況を確認する外部監査を提供します。",
                   "学校・大学など教育機関や公共団体の情報セキュリティ対策を、ガイドラインに沿って監査します。"],
        "sector": ["医療機関や金融機関など、業界固有のガイドラインへの準拠状況を評価する監査サービスです。"],
        "ot": ["工場や重要インフラの制御システムについて、IEC 62443に基づきセキュリティ管理態勢を監査します。"],
        "privacy": ["個人情報の取扱い状況を確認し、法令や社内規程への準拠性を評価する監査サービスです。",
                    "プライバシーマークの維持に必要な内部監査の実施と、是正処置の支援を行います。"],
    },
    VULN: {
        "web": ["Webアプリケーションを対象に、既知の攻撃手法を用いて脆弱性の有無を検査するサービスです。",
                "ECサイトや会員サイトなどのWebアプリケーションに対し、専門技術者が疑似攻撃を行い脆弱性を検出します。"],
        "cms": ["WordPressなどのCMSで構築されたWebサイト向けに、手軽に利用できる簡易診断を提供します。"],
        "platform": ["インターネットに公開されたサーバやネットワーク機器の脆弱性を網羅的に検査します。",
                     "OSやミドルウェアの既知の脆弱性、不要なサービスの公開、設定不備を検査するプラットフォーム診断です。"],
        "general": ["Webアプリケーションからネットワーク、クラウドまで、システム全体の脆弱性を診断するサービスです。",
                    "定期的な脆弱性診断により、システム改修や新たな脆弱性の公表に伴うリスクを継続的に把握します。"],
        "internal": ["社内ネットワークに接続された端末やサーバを対象に、内部からの攻撃を想定した診断を行います。",
                     "Active Directoryや無線LAN、VPN装置など社内インフラの設定不備を診断します。"],
        "mobile": ["iOS/Androidのスマートフォンアプリと、連携するAPIサーバの双方を診断します。"],
        "cloud": ["AWS, Azure, Google Cloudの設定状況を確認し、情報漏えいにつながる設定不備を洗い出します。",
                  "クラウドやSaaS、コンテナ環境の設定をベストプラクティスと照合して診断します。"],
        "api": ["REST APIやGraphQLなど、Webサービスが提供するAPIのセキュリティを評価します。"],
        "source": ["ソースコードを静的解析し、実装上の脆弱性を開発工程の早い段階で発見します。",
                   "利用しているオープンソースの構成を分析し、既知の脆弱性やライセンス上のリスクを把握します。"],
        "asm": ["インターネットから見えるお客様のIT資産を調査し、把握できていないサーバやドメインを含めてリスクを評価します。"],
        "game": ["オンラインゲームやアプリのチート・不正改ざん対策を含めたセキュリティ診断を行います。"],
        "iot": ["ネットワークに接続するIoT機器と管理用Webインタフェースの脆弱性を診断します。"],
    },
    PENTEST: {
        "general": ["実際の攻撃者の視点で、システムへの侵入や重要情報への到達が可能かを検証するサービスです。",
                    "目的とする情報資産を定め、攻撃者がそこへ到達できるかを実証的に評価します。"],
        "ot": ["工場やプラントの制御システム(OT)を対象に、安全性に配慮したペネトレーションテストを行います。"],
        "redteam": ["脅威インテリジェンスに基づくシナリオで組織全体の防御・検知・対応力を評価するレッドチーム演習です。",
                    "標的型攻撃を模したシナリオで、技術的対策と組織の対応プロセスの両面を検証します。"],
        "tlpt": ["金融機関向けに、脅威ベースのペネトレーションテスト(TLPT)を提供します。"],
        "ad": ["Active Directory環境を対象に、権限昇格や横展開のリスクを検証します。",
               "社内ネットワークに侵入された状況を想定し、ランサムウェア攻撃に至るまでの経路を検証します。"],
        "cloud": ["クラウド環境における侵害シナリオを想定し、設定不備や権限管理の弱点を突いた侵入テストを実施します。"],
        "external": ["インターネット側からの攻撃を想定し、公開システムを足がかりとした内部への侵入可能性を検証します。"],
        "physical": ["オフィスへの物理的な侵入や無線LANを経由した攻撃など、物理・無線面からの侵入可能性を検証します。"],
        "car": ["車両や車載システムを対象に、外部通信や診断ポートを経由した攻撃の可能性を検証します。"],
    },
    FORENSIC: {
        "general": ["サイバー攻撃や情報漏えいなどのインシデント発生時に、原因と被害範囲を特定するデジタルフォレンジック調査サービスです。",
                    "不正アクセスが疑われる事案について、初動対応から原因調査、復旧支援までを一貫して提供します。"],
        "retainer": ["事前契約により、インシデント発生時に優先的に技術者を派遣するリテイナー型サービスです。"],
        "ransom": ["ランサムウェア被害を受けた組織に対し、侵入経路の特定と復旧に向けた支援を行います。"],
        "insider": ["社内不正や情報持ち出しが疑われる事案について、電子データの調査を行います。",
                    "訴訟や社内調査に必要な電子データを収集・分析し、証拠として提出可能な形で整理します。"],
        "device": ["パソコンやサーバ、スマートフォンなどから証拠データを保全し、法的手続にも耐えうる形で解析します。"],
        "cloud": ["クラウドサービスやSaaSのログを対象にしたクラウドフォレンジック調査を提供します。"],
        "malware": ["不審な挙動を示す検体のマルウェア解析を行い、機能や通信先を明らかにします。"],
        "compromise": ["インシデントの兆候がない段階でも、侵害の痕跡が残っていないかを調査します。",
                       "サーバや端末、ネットワーク機器のログを解析し、不審な通信や操作の有無を確認します。"],
    },
    MONITOR: {
        "soc": ["24時間365日体制のSOCで、お客様のネットワークやサーバのログを監視し、脅威を検知します。",
                "専任アナリストが常時監視を行い、検知したセキュリティイベントを分析・通知するSOCサービスです。"],
        "edr": ["EDR製品のアラート監視から隔離などの初動対応までを代行するマネージドサービスです。"],
        "xdr": ["XDRを活用して端末, ネットワーク, クラウドのログを横断的に分析し、高度な攻撃を早期に発見します。"],
        "waf": ["WAFの導入・チューニングから日常の運用監視までをワンストップで提供します。"],
        "ot": ["工場やプラントのOTネットワークを対象に、制御システム向けのセキュリティ監視を行います。"],
        "cloud": ["クラウド環境の設定をCSPMで継続的に監視し、設定不備や不審な操作を通知します。"],
        "siem": ["SIEMの構築・運用を支援し、相関分析による脅威検知を実現します。",
                 "各種機器のログを集約・分析し、不審な挙動を検知するログ監視サービスです。"],
        "network": ["ファイアウォールやUTMの運用監視を行い、ポリシー変更やシグネチャ更新も代行します。",
                    "ネットワーク通信を分析し、侵入後の不審な通信や情報持ち出しを検知します。"],
        "csirt": ["お客様のCSIRT活動を支援し、脆弱性情報の収集から対応の優先順位付けまでを継続的に行います。"],
    },
    DEVICE: {
        "iot": ["IoT機器や組込み機器を対象に、ハードウェアからソフトウェアまで総合的なセキュリティ検証を行います。",
                "機器のファームウェアや通信プロトコルを解析し、製品出荷前に脆弱性を発見します。"],
        "hw": ["ICチップや基板を対象に、物理的な解析を含むハードウェアセキュリティの評価を行います。"],
        "car": ["車載ECUや車載ネットワークを対象としたセキュリティ評価サービスです。"],
        "medical": ["医療機器メーカー向けに、サイバーセキュリティ要求への適合を支援する検証を行います。"],
        "network": ["ルータやスイッチ、ネットワークカメラなどの出荷前セキュリティ検証を提供します。"],
        "ot": ["PLCなど産業用制御機器のセキュリティ要件への適合状況を検証します。"],
        "consumer": ["スマート家電など消費者向けIoT製品のセキュリティラベル取得に向けた評価を支援します。"],
    },
}

FRAGMENTS = {
    AUDIT: {
        "method": ["文書レビュー、担当者へのインタビュー、現地確認を組み合わせて評価します。",
                   "事前アンケートで現状を把握したうえで、リスクの高い領域に重点を置いた監査計画を策定します。",
                   "保証型監査と助言型監査のいずれにも対応し、目的に応じて手続を選択いただけます。",
                   "オンライン会議を活用したリモート監査にも対応しており、複数拠点でも効率的に実施できます。",
                   "サンプリングによる運用状況のテストを行い, 管理策が有効に機能しているかを確認します。"],
        "standard": ["評価基準にはISO/IEC 27001:2022, ISO/IEC 27002, NIST SP 800-53などを用います。",
                     "NIST Cybersecurity Framework 2.0およびCIS Controlsを参照した評価項目を用意しています。",
                     "経済産業省の情報セキュリティ管理基準および監査基準に準拠して実施します。",
                     "FISC安全対策基準や医療情報システムの安全管理に関するガイドラインなど、業界固有の基準にも対応します。"],
        "staff": ["公認情報システム監査人(CISA)、ISMS主任審査員資格を持つ監査人が担当します。",
                  "情報処理安全確保支援士およびシステム監査技術者が監査チームを構成します。",
                  "CISSP、CISA、CISMなどの資格を持つ監査人が在籍しています。"],
        "deliverable": ["監査報告書では指摘事項ごとにリスク評価と改善提案を示します。",
                        "監査結果は経営層向けサマリーと担当者向け詳細報告書の2部構成で提出します。",
                        "改善計画の策定からフォローアップ監査まで継続的に支援します。"],
        "extra": ["はじめての監査でもわかりやすく、準備の進め方からご説明します。",
                  "中小企業向けに、範囲を絞った低価格のプランもご用意しています。",
                  "標準的な期間は計画から報告まで4～8週間です。",
                  "年次監査の計画策定や監査人の育成支援もあわせてご相談いただけます。"],
    },
    VULN: {
        "method": ["自動診断ツールによる網羅的な検査と、専門技術者による手動診断を組み合わせて実施します。",
                   "認証・認可、セッション管理、入力値検証などの観点から、実際の攻撃手法を再現して検査します。",
                   "本番環境への影響を抑えるため、事前に診断範囲と実施時間帯を綿密に調整します。",
                   "検出結果は技術者が一件ずつ精査し、誤検知を取り除いたうえで報告します。",
                   "診断は最短1日から実施可能で, 定期診断プランではスケジュールを年間で管理します。"],
        "standard": ["診断項目はOWASP Top 10およびOWASP ASVSに準拠しています。",
                     "IPA「安全なウェブサイトの作り方」やOWASP MASVSを参照した診断基準を採用しています。",
                     "CIS Benchmarksに基づき、クラウドやOSの設定を評価します。",
                     "検出した脆弱性の深刻度はCVSS v3.1/v4.0で評価します。"],
        "staff": ["情報処理安全確保支援士などの有資格者が診断を担当します。",
                  "OSCP、OSWE、GIAC GWAPTなどの資格を持つエンジニアが在籍しています。",
                  "診断員は年間数百件の診断実績を持つ専任チームで構成されています。"],
        "deliverable": ["報告書には脆弱性ごとの再現手順と具体的な対策方法を記載します。",
                        "報告書は通常、診断終了から5営業日以内に提出します。",
                        "対策完了後の再診断を無償で1回実施します。",
                        "報告会で開発者向けに結果を解説し、質疑にも対応します。"],
        "extra": ["はじめての診断でもわかりやすく、見積りから報告までていねいにサポートします。",
                  "中小企業でも利用しやすい定額プランをご用意しています。",
                  "英語での報告書作成にも対応しています。"],
    },
    PENTEST: {
        "method": ["標的型メールの開封を起点とするシナリオや、内部不正を想定したシナリオなど、目的に応じて設計します。",
                   "偵察, 初期侵入, 権限昇格, 横展開, 目的達成の各段階で攻撃手法を検証します。",
                   "MITRE ATT&CKに沿って攻撃手法を選定し、検知状況もあわせて評価します。",
                   "事前に合意した実施ルールと緊急停止手順に従い、安全に配慮して実施します。"],
        "standard": ["PTESやNIST SP 800-115を参考にした手順で実施します。",
                     "TIBER-EUなど海外のフレームワークを参考にした手順にも対応します。",
                     "IEC 62443シリーズを踏まえ、制御システム特有のリスクも評価します。"],
        "staff": ["OSCP, OSEP, CRTOなどの資格を持つ専任のテスターが担当します。",
                  "GIAC GPEN/GXPN認定の技術者がテストを実施します。",
                  "情報処理安全確保支援士と攻撃技術の研究者が共同でテストを行います。"],
        "deliverable": ["報告書では侵入経路を時系列で示し、優先度付きの対策を提案します。",
                        "経営層向けの報告会で、事業への影響をわかりやすくご説明します。",
                        "ブルーチームとの振り返り会を実施し、検知・対応の改善につなげます。"],
        "extra": ["一般的な実施期間は準備を含めて4～12週間です。",
                  "対策後の再テストにも対応しています。",
                  "はじめての方にも、目的の整理から実施範囲の決め方までわかりやすくご案内します。"],
    },
    FORENSIC: {
        "method": ["24時間365日の受付窓口を設け、緊急時には最短即日で技術者が駆け付けます。",
                   "ディスクイメージ, メモリ, ログを保全し、タイムライン分析により攻撃の全体像を再構成します。",
                   "リモートでのデータ収集ツールを用いて、遠隔地の拠点でも迅速に調査を開始できます。",
                   "EDRのテレメトリやプロキシログを横断的に分析し、侵害範囲を特定します。"],
        "standard": ["証拠保全はISO/IEC 27037に準拠した手順で行います。",
                     "調査手順はNIST SP 800-86やNIST SP 800-61を参考にしています。",
                     "証拠保全に関する国内のガイドラインを踏まえて対応します。"],
        "staff": ["GIAC GCFA/GCFE/GREMなどの資格を持つ調査員が在籍しています。",
                  "捜査機関での実務経験を持つ調査員が担当します。",
                  "情報処理安全確保支援士とフォレンジック専門の調査員がチームで対応します。"],
        "deliverable": ["調査報告書は監督官庁や取引先への説明にも利用できる形式で作成します。",
                        "再発防止策の提言に加え、個人情報保護委員会への報告書作成も支援します。",
                        "速報、中間報告、最終報告の段階的な報告で意思決定を支援します。"],
        "extra": ["顧問契約により、平時からインシデント対応体制の整備を支援するプランもあります。",
                  "中小企業でも相談しやすい初動調査パックをご用意しています。",
                  "もしものときにあわてないよう、初動対応のポイントもわかりやすくお伝えします。"],
    },
    MONITOR: {
        "method": ["専任アナリストがアラートを分析し、重大なインシデントは15分以内に電話とメールでお知らせします。",
                   "脅威インテリジェンスを活用した検知ルールを継続的に更新しています。",
                   "検知したインシデントはチケットで管理し、対応状況をポータルでいつでも確認できます。",
                   "お客様のCSIRTと連携した運用手順を設計し、役割分担を明確にします。"],
        "standard": ["運用プロセスはNIST SP 800-61およびISO/IEC 27035を参考に設計しています。",
                     "検知ルールはMITRE ATT&CKにマッピングし、検知範囲を可視化します。",
                     "SOCはISO/IEC 27001の認証を取得した施設で運営しています。"],
        "staff": ["GIAC GCIA/GCIHなどの資格を持つアナリストが監視を担当します。",
                  "情報処理安全確保支援士を含むアナリストが国内拠点で対応します。"],
        "deliverable": ["月次レポートで検知状況と傾向を報告し、定例会で改善策をご提案します。",
                        "四半期ごとに運用状況をレビューし、監視対象や検知ルールを見直します。"],
        "extra": ["中小企業向けに、導入しやすい月額制のライトプランもご用意しています。",
                  "マルチベンダーの製品に対応しており、既存環境を活かした監視が可能です。",
                  "セキュリティ担当者がいない組織でも安心してご利用いただけるよう、わかりやすいご報告を心がけています。"],
    },
    DEVICE: {
        "method": ["ファームウェア解析, ファジング, 通信解析, デバッグポートの調査などを組み合わせて検証します。",
                   "自社の検証ラボに専用の計測機器を備え、サイドチャネル攻撃や故障注入攻撃の評価にも対応します。",
                   "Bluetooth LEやWi-Fiなど無線通信のセキュリティも評価対象とします。",
                   "開発初期の脅威分析から量産前の最終検証まで、製品ライフサイクルに沿って支援します。"],
        "standard": ["評価はETSI EN 303 645やIEC 62443-4-2などの規格を参照して行います。",
                     "ISO/SAE 21434およびUN-R155の要求を踏まえた評価に対応します。",
                     "JC-STARの適合基準に沿ったチェックと証跡作成を支援します。",
                     "IEC 81001-5-1など医療機器向けの規格を踏まえた評価が可能です。"],
        "staff": ["組込み開発経験の豊富なエンジニアと脆弱性診断の専門家が共同で検証します。",
                  "情報処理安全確保支援士、OSCP保有者が検証を担当します。"],
        "deliverable": ["報告書には再現手順と設計・実装レベルの対策案を記載します。",
                        "検証結果は製品の認証申請に利用できる形式で提出します。"],
        "extra": ["標準的な検証期間は機器1台あたり3～6週間です。",
                  "中小メーカーでも依頼しやすい、範囲を絞った簡易検証プランもあります。",
                  "はじめての方にも、評価の進め方をわかりやすくご説明します。"],
    },
}
OPTIONAL_ORDER = ["standard", "staff", "deliverable", "extra"]

# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def weighted(rng, pairs):
    """Pick from [(value, weight), ...]."""
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for value, w in pairs:
        x -= w
        if x < 0:
            return value
    return pairs[-1][0]


def _half_katakana_table():
    table = {}
    for cp in range(0xFF65, 0xFFA0):
        half = chr(cp)
        full = unicodedata.normalize("NFKC", half)
        if len(full) == 1 and full not in table:
            table[full] = half
    return table


HALF_KANA = _half_katakana_table()


def to_half_katakana(text):
    """Convert full-width katakana (incl. voiced) to half-width katakana."""
    out = []
    for ch in text:
        if ch in HALF_KANA:
            out.append(HALF_KANA[ch])
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        if len(decomposed) == 2 and decomposed[0] in HALF_KANA and decomposed[1] in "\u3099\u309a":
            out.append(HALF_KANA[decomposed[0]] + ("ﾞ" if decomposed[1] == "\u3099" else "ﾟ"))
        else:
            out.append(ch)
    return "".join(out)


def to_fullwidth_latin(text):
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalpha() else c for c in text)


def add_years(d, n):
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 Feb
        return dt.date(d.year + n, 3, 1)


def expiry_of(reg, years):
    return add_years(reg, years) - dt.timedelta(days=1)


def rand_date(rng, start, end):
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def fmt(d):
    return d.strftime("%Y/%m/%d")


# --------------------------------------------------------------------------
# Generation steps
# --------------------------------------------------------------------------


def make_providers(rng):
    # Primary type of each provider.
    primaries = [t for t in TYPES for _ in range(TYPE_PRIMARY[t])]
    rng.shuffle(primaries)
    # Prefecture: sort providers by a key that pushes 脆弱性診断 (and other
    # remote services) towards Tokyo, 機器検証 / フォレンジック away from it.
    bonus = {VULN: 0.45, AUDIT: 0.15, MONITOR: 0.15, PENTEST: 0.25,
             FORENSIC: 0.0, DEVICE: -0.1}
    keys = [(-(rng.random() + bonus[t]), i) for i, t in enumerate(primaries)]
    keys.sort()
    pref_list = [p for p, n in PREF_QUOTA for _ in range(n)]
    # Non-Tokyo prefectures are dealt out in random order.
    tokyo = [p for p in pref_list if p == "東京都"]
    others = [p for p in pref_list if p != "東京都"]
    rng.shuffle(others)
    ordered_prefs = tokyo + others
    prefs = [None] * N_PROVIDERS
    for (_, i), p in zip(keys, ordered_prefs):
        prefs[i] = p

    providers = []
    used_slugs = []
    fw_left = 4
    assoc_left = 2
    for i in range(N_PROVIDERS):
        pref = prefs[i]
        while True:
            name, slug, latin_brand = make_company_name(rng, pref, fw_left > 0, assoc_left > 0)
            if slug not in used_slugs:
                break
        used_slugs.append(slug)
        if name.startswith(tuple(fw for fw, _ in FW_LATIN)):
            fw_left -= 1
        if name.startswith("一般社団法人"):
            assoc_left -= 1
        providers.append({
            "name": name, "slug": slug, "brand": latin_brand, "pref": pref,
            "address": make_address(rng, pref), "types": [primaries[i]],
            "body": weighted(rng, BODIES),
            "host": weighted(rng, [("www.{}.example", 6), ("{}.example", 2),
                                   ("security.{}.example", 1)]).format(slug),
        })
    return providers


def make_company_name(rng, pref, allow_fw, allow_assoc):
    """Return (display name, url slug, latin brand or None)."""
    m, ms = rng.choice(MARKERS)
    c, cs = rng.choice(CORES)
    d, ds = rng.choice(DESCRIPTORS)
    options = [("A", 22), ("B", 22), ("C", 10), ("D", 12), ("E", 6), ("H", 8)]
    if pref != "東京都" and pref in LOCAL_PREFIX:
        options.append(("L", 30))
    if allow_fw:
        options.append(("F", 3))
    if allow_assoc:
        options.append(("I", 1))
    pat = weighted(rng, options)
    brand = None
    if pat == "A":
        name, slug = "株式会社" + m + c, ms + "-" + cs
        brand = _brand(ms, cs) if _is_kana(m) and _is_kana(c) else None
    elif pat == "B":
        name, slug = m + c + "株式会社", ms + cs
        brand = _brand(ms, cs) if _is_kana(m) and _is_kana(c) else None
    elif pat == "C":
        name, slug = "株式会社" + d + c + "・" + m, ds + cs + "-" + ms
        brand = _brand(ds, cs) if _is_kana(d) and _is_kana(c) else None
    elif pat == "D":
        name, slug = d + m + c + "株式会社", ds + "-" + ms + "-" + cs
    elif pat == "E":
        c2, cs2 = rng.choice([("ラボ", "lab"), ("セキュリティワークス", "secworks"),
                              ("サイバーリサーチ", "cyber-research"), ("テック", "tech")])
        name, slug = "合同会社" + m + c2, ms + "-" + cs2 + "-llc"
    elif pat == "H":
        k, ks = rng.choice(KANJI_CORES)
        name, slug = "株式会社" + m + k, ms + "-" + ks
    elif pat == "L":
        lp, lps = LOCAL_PREFIX[pref]
        name, slug = lp + m + c + "株式会社", lps + "-" + ms + "-" + cs
    elif pat == "F":
        f, fs = rng.choice(FW_LATIN)
        name, slug = f + m + c + "株式会社", fs + "-" + ms + cs
    else:  # "I"
        name = "一般社団法人" + m + "セキュリティ推進協会"
        slug = ms + "-security-association"
    return name, slug, brand


def _brand(*slugs):
    """Latin product brand from slug words, e.g. ("blue", "shield") -> BlueShield."""
    return "".join(w.capitalize() for s in slugs for w in s.split("-"))


def _is_kana(s):
    return all("\u30a0" <= ch <= "\u30ff" for ch in s)


def make_address(rng, pref):
    city = rng.choice(CITIES[pref])
    town = rng.choice(TOWNS)
    if rng.random() < 0.55:
        town += "{}丁目".format("一二三四五六七八九"[rng.randint(0, 8)])
        number = "{}-{}".format(rng.randint(1, 30), rng.randint(1, 20))
    else:
        number = "{}-{}-{}".format(rng.randint(1, 9), rng.randint(1, 30), rng.randint(1, 20))
    addr = pref + city + town + number
    if rng.random() < 0.75:
        floor_max = 35 if pref == "東京都" else 15
        addr += " {}{}{}階".format(rng.choice(BUILDINGS), rng.choice(BUILDING_KINDS),
                                   rng.randint(2, floor_max))
    return addr


AFFINITY = {
    VULN: {PENTEST: 5, MONITOR: 2, AUDIT: 1.5, FORENSIC: 1.5, DEVICE: 1, VULN: 1},
    AUDIT: {VULN: 3, PENTEST: 1, FORENSIC: 1, MONITOR: 1.5, DEVICE: 0.3, AUDIT: 1},
    PENTEST: {VULN: 4, FORENSIC: 2, MONITOR: 1, AUDIT: 1, DEVICE: 1.5, PENTEST: 1},
    FORENSIC: {MONITOR: 3, VULN: 2, PENTEST: 1.5, AUDIT: 1, DEVICE: 0.5, FORENSIC: 1},
    MONITOR: {FORENSIC: 3, VULN: 3, PENTEST: 1, AUDIT: 1, DEVICE: 0.3, MONITOR: 1},
    DEVICE: {VULN: 3, PENTEST: 3, AUDIT: 0.5, FORENSIC: 0.5, MONITOR: 0.3, DEVICE: 1},
}


def assign_extra_types(rng, providers):
    extras = []
    for t in TYPES:
        extras += [t] * (TYPE_TOTAL[t] - TYPE_PRIMARY[t])
    rng.shuffle(extras)
    for t in extras:
        cands = []
        for idx, p in enumerate(providers):
            n = len(p["types"])
            if n >= 4:
                continue
            if t in p["types"]:
                # Only vulnerability assessment is often split into two offers.
                if t != VULN or p["types"].count(t) >= 2:
                    continue
                w = 0.35
            else:
                w = AFFINITY[p["types"][0]][t]
            w *= 1.4 if p["pref"] == "東京都" else 0.8
            if t == VULN and p["pref"] != "東京都":
                w *= 0.5
            w /= (1 + n) ** 1.6
            cands.append((idx, w))
        providers[weighted(rng, cands)]["types"].append(t)


def pick_service_name(rng, provider, stype, used_names, used_topics):
    choices = [nt for nt in SERVICE_NAMES[stype]
               if nt[1] not in used_topics.get(stype, [])] or SERVICE_NAMES[stype]
    for _ in range(50):
        base, topic = rng.choice(choices)
        name = base
        r = rng.random()
        if r < 0.12 and provider["brand"]:
            name = provider["brand"] + " " + base
        elif r < 0.30 and not base.endswith(("サービス", "支援", "パック")):
            name = base + weighted(rng, NAME_SUFFIXES)
        if name not in used_names:
            used_names.append(name)
            used_topics.setdefault(stype, []).append(topic)
            return name, topic
    raise RuntimeError("could not find a unique service name")


def make_overview(rng, stype, topic):
    intro = rng.choice(INTROS[stype][topic])
    frag = FRAGMENTS[stype]
    for _ in range(100):
        method = rng.choice(frag["method"])
        k = weighted(rng, [(1, 3), (2, 5), (3, 3), (4, 1)])
        cats = sorted(rng.sample(OPTIONAL_ORDER, k), key=OPTIONAL_ORDER.index)
        parts = [intro, method] + [rng.choice(frag[c]) for c in cats]
        if rng.random() < 0.3:  # vary order: method after the optional parts
            parts = [intro] + parts[2:] + [method]
        while len("".join(parts)) > 300 and len(parts) > 2:
            parts.pop()
        text = "".join(parts)
        if 80 <= len(text) <= 300:
            return parts
    raise RuntimeError("overview length out of range")


def make_industries(rng, stype):
    if rng.random() < 0.30:
        return ["全業種"]
    n = weighted(rng, [(1, 3), (2, 4), (3, 3), (4, 2)])
    boost = INDUSTRY_BOOST[stype]
    pool = [(ind, boost.get(ind, 1)) for ind in INDUSTRIES]
    chosen = []
    while len(chosen) < n:
        ind = weighted(rng, pool)
        pool = [(i, w) for i, w in pool if i != ind]
        chosen.append(ind)
    return sorted(chosen, key=INDUSTRIES.index)


def make_regions(rng, provider, stype):
    pref = provider["pref"]
    national = 0.66 if pref == "東京都" else 0.42
    if stype in (MONITOR, FORENSIC):
        national += 0.08
    if rng.random() < national:
        return ["日本全国"]
    area = PREF_AREA[pref]
    if pref == "東京都":
        return weighted(rng, [
            (["関東"], 35), (["関東", "近畿"], 15), (["関東", "中部", "近畿"], 10),
            (["東北", "関東"], 5),
            (["東京都", "神奈川県", "埼玉県", "千葉県"], 20), (["東京都"], 8),
            (["東京都", "神奈川県"], 7),
        ])
    area_order = list(AREAS)
    style = weighted(rng, [("area", 35), ("area2", 25), ("pref", 15), ("prefs", 25)])
    if style == "area":
        return [area]
    if style == "area2":
        other = rng.choice(ADJACENT_AREAS[area])
        return sorted([area, other], key=area_order.index)
    if style == "pref":
        return [pref]
    neighbours = [p for p in AREAS[area] if p != pref]
    if not neighbours:  # 北海道
        return [pref, "東北"] if rng.random() < 0.5 else [pref]
    extra = rng.sample(neighbours, min(len(neighbours), rng.randint(1, 3)))
    pref_order = [p for ps in AREAS.values() for p in ps]
    return sorted([pref] + extra, key=pref_order.index)


def assign_dates(rng, n_rows):
    """Return a list of (registration, expiry) pairs, in random row order."""
    n_expired, n_soon = 46, 7
    cats = ["expired"] * n_expired + ["soon"] * n_soon + ["valid"] * (n_rows - n_expired - n_soon)
    rng.shuffle(cats)
    soon_end = REF_DATE + dt.timedelta(days=90)
    out = []
    for cat in cats:
        years = 2 if rng.random() < 0.15 else 3
        if cat == "expired":
            last = add_years(REF_DATE, -years)  # expiry = last + years - 1 day < REF
            reg = rand_date(rng, dt.date(2019, 1, 4), last - dt.timedelta(days=1))
        elif cat == "soon":
            exp = rand_date(rng, REF_DATE + dt.timedelta(days=1), soon_end)
            reg = add_years(exp + dt.timedelta(days=1), -years)
        else:
            first = add_years(soon_end + dt.timedelta(days=1), -years) + dt.timedelta(days=1)
            reg = rand_date(rng, first, dt.date(2026, 10, 30))
        out.append((reg, expiry_of(reg, years)))
    # Make sure the range visibly spans 2019/01 .. 2026/10.
    exp_idx = [i for i, c in enumerate(cats) if c == "expired"]
    val_idx = [i for i, c in enumerate(cats) if c == "valid"]
    r0 = dt.date(2019, 1, 15)
    out[exp_idx[0]] = (r0, expiry_of(r0, 3))
    r1 = dt.date(2026, 10, 20)
    out[val_idx[0]] = (r1, expiry_of(r1, 3))
    return out


def homepage(rng, provider, stype):
    path = TYPE_PATH[stype]
    tmpl = weighted(rng, [("https://{h}/services/{p}", 6), ("https://{h}/solution/{p}/", 2),
                          ("https://{h}/{p}.html", 1), ("https://{h}/", 1)])
    return tmpl.format(h=provider["host"], p=path)


def generate():
    rng = random.Random(SEED)
    providers = make_providers(rng)
    assign_extra_types(rng, providers)

    rows = []
    for p in providers:
        used_names, used_topics = [], {}
        for stype in p["types"]:
            name, topic = pick_service_name(rng, p, stype, used_names, used_topics)
            body = p["body"] if rng.random() < 0.9 else weighted(rng, BODIES)
            rows.append({
                "name": name, "provider": p["name"], "address": p["address"],
                "topic": topic, "overview_parts": make_overview(rng, stype, topic),
                "industries": "、".join(make_industries(rng, stype)),
                "regions": "、".join(make_regions(rng, p, stype)),
                "body": body, "type": stype, "homepage": homepage(rng, p, stype),
            })

    # Dates.
    for row, (reg, exp) in zip(rows, assign_dates(rng, len(rows))):
        row["reg"], row["exp"] = reg, exp

    # Overviews; exactly 10 of them get a line break after the first sentence.
    nl = set(rng.sample(range(len(rows)), 10))
    for i, row in enumerate(rows):
        parts = row.pop("overview_parts")
        sep = "\n" if i in nl else ""
        row["overview"] = parts[0] + sep + "".join(parts[1:])

    # A few service names with half-width katakana / full-width Latin.
    kana_rows = [i for i, r in enumerate(rows)
                 if sum("\u30a1" <= ch <= "\u30fa" for ch in r["name"]) >= 4]
    for i in rng.sample(kana_rows, 6):
        rows[i]["name"] = to_half_katakana(rows[i]["name"])
    latin_rows = [i for i, r in enumerate(rows)
                  if any(c.isascii() and c.isalpha() for c in r["name"])
                  and not r["name"].isascii()]
    for i in rng.sample(latin_rows, 3):
        rows[i]["name"] = to_fullwidth_latin(rows[i]["name"])

    # About 5 % without a home page.
    for i in rng.sample(range(len(rows)), 15):
        rows[i]["homepage"] = ""

    order = {t: k for k, t in enumerate(TYPES)}
    rows.sort(key=lambda r: (order[r["type"]], r["reg"], r["provider"], r["name"]))
    return rows


def write_csv(rows, fh):
    w = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(HEADER)
    for r in rows:
        w.writerow([r["name"], r["provider"], r["address"], r["overview"],
                    r["industries"], r["regions"], fmt(r["reg"]), fmt(r["exp"]),
                    r["body"], r["type"], r["homepage"]])


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        sys.stderr.write(__doc__)
        return 2
    rows = generate()
    if len(argv) == 2:
        with open(argv[1], "w", encoding="utf-8", newline="") as fh:
            write_csv(rows, fh)
    else:
        sys.stdout.reconfigure(encoding="utf-8", newline="\n")
        write_csv(rows, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
