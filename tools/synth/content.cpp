#include "synth/content.hpp"

#include <algorithm>
#include <span>
#include <stdexcept>
#include <unordered_set>

#include "core/text.hpp"
#include "domain/regions.hpp"
#include "synth/text_variants.hpp"

namespace proven::synth {

namespace {

using Strings = std::span<const std::string_view>;

// ---------------------------------------------------------------------------------------------
// Service names ("topic|name") and introductions ("topic|sentence"), by type.
// ---------------------------------------------------------------------------------------------

constexpr std::string_view kAuditNames[] = {
    "general|情報セキュリティ監査サービス",
    "general|情報セキュリティ外部監査",
    "general|情報セキュリティ保証型監査",
    "general|情報セキュリティ助言型監査",
    "general|セキュリティポリシー準拠性監査",
    "general|セキュリティ簡易監査",
    "general|情報セキュリティ第三者評価",
    "isms|ISMS内部監査支援",
    "isms|ISMS内部監査代行サービス",
    "isms|ISO/IEC 27001内部監査",
    "isms|ISMS認証取得前ギャップ分析",
    "pci|PCI DSS準拠監査",
    "pci|PCI DSS準拠性評価支援",
    "soc2|SOC2対応アセスメント",
    "soc2|SOC2レディネス評価",
    "supply|委託先セキュリティ監査代行",
    "supply|サプライチェーンセキュリティ監査",
    "supply|グループ会社セキュリティ監査",
    "supply|取引先セキュリティ評価サービス",
    "cloud|クラウドセキュリティ監査",
    "cloud|ISO/IEC 27017クラウドセキュリティ監査",
    "cloud|AWS環境セキュリティ監査",
    "cloud|Azureセキュリティ構成監査",
    "cloud|ISMAP対応監査支援",
    "maturity|セキュリティ成熟度評価サービス",
    "maturity|NIST CSF成熟度アセスメント",
    "maturity|ゼロトラスト成熟度アセスメント",
    "maturity|サイバーセキュリティ経営ガイドライン準拠評価",
    "public|自治体情報セキュリティ監査",
    "public|教育機関向け情報セキュリティ監査",
    "sector|医療情報システム安全管理ガイドライン準拠監査",
    "sector|金融機関向けセキュリティ監査",
    "ot|制御システムセキュリティ監査(IEC 62443)",
    "ot|工場セキュリティ監査",
    "privacy|個人情報保護監査",
    "privacy|プライバシーマーク内部監査支援",
};
constexpr std::string_view kAuditIntros[] = {
    "general|情報セキュリティ管理基準に基づき、組織の管理策の整備・運用状況を第三者の立場から評価する監査サービスです。",
    "general|組織の情報セキュリティ対策がポリシーや規程どおりに運用されているかを独立した立場で監査します。",
    "general|規程の整備状況から現場での運用まで、情報セキュリティ対策の実効性を客観的に監査します。",
    "isms|ISO/IEC 27001の要求事項に沿って、ISMSの内部監査を計画から報告まで一貫して支援します。",
    "isms|ISMS認証の維持・更新に必要な内部監査を、専門の監査人が代行または共同で実施します。",
    "pci|クレジットカード情報を取り扱う事業者を対象に、PCI DSSへの準拠状況を評価します。",
    "soc2|SOC2報告書の取得を目指す企業に向けて、Trust Services Criteriaに照らしたギャップ分析を行います。",
    "supply|委託先や子会社を含むサプライチェーン全体のセキュリティ対策状況を確認する監査サービスです。",
    "supply|取引先・委託先に対するセキュリティ監査を、お客様に代わって計画・実施します。",
    "cloud|クラウドサービスの利用・提供に関する管理策について、ISO/IEC 27017などの観点から監査を行います。",
    "cloud|AWSやAzureなどのクラウド環境のガバナンスと設定管理の状況を監査します。",
    "maturity|経営層向けにセキュリティ対策の成熟度を可視化し、改善の優先順位を明確にします。",
    "maturity|フレームワークに基づく成熟度モデルで現状を評価し、目標とのギャップを明らかにします。",
    "public|自治体・公共機関向けに、情報セキュリティポリシーの遵守状況を確認する外部監査を提供します。",
    "public|学校・大学など教育機関や公共団体の情報セキュリティ対策を、ガイドラインに沿って監査します。",
    "sector|医療機関や金融機関など、業界固有のガイドラインへの準拠状況を評価する監査サービスです。",
    "ot|工場や重要インフラの制御システムについて、IEC 62443に基づきセキュリティ管理態勢を監査します。",
    "ot|生産現場のOT環境を対象に、ネットワーク分離や保守端末の管理状況を監査します。",
    "privacy|個人情報の取扱い状況を確認し、法令や社内規程への準拠性を評価する監査サービスです。",
    "privacy|プライバシーマークの維持に必要な内部監査の実施と、是正処置の支援を行います。",
};

constexpr std::string_view kVulnNames[] = {
    "web|Webアプリケーション脆弱性診断サービス",
    "web|Webアプリケーション診断",
    "web|Webアプリ診断スタンダード",
    "web|手動Webアプリケーション診断プレミアム",
    "web|ECサイト脆弱性診断",
    "cms|Webサイト簡易診断",
    "cms|WordPress脆弱性診断",
    "cms|CMS簡易セキュリティ診断",
    "platform|プラットフォーム脆弱性診断",
    "platform|ネットワーク脆弱性診断",
    "platform|外部公開サーバ診断",
    "platform|ツール診断サービス",
    "general|定期脆弱性診断サービス",
    "general|セキュリティ診断サービス",
    "general|脆弱性診断サービス",
    "general|総合セキュリティ診断",
    "internal|内部ネットワーク診断",
    "internal|Active Directoryセキュリティ診断",
    "internal|無線LANセキュリティ診断",
    "internal|リモートアクセス環境診断",
    "mobile|スマホアプリ診断",
    "mobile|スマートフォンアプリケーション脆弱性診断",
    "cloud|クラウドセキュリティ診断",
    "cloud|クラウド設定診断(CSPM)",
    "cloud|AWSセキュリティ設定診断",
    "cloud|Azure設定診断",
    "cloud|Google Cloudセキュリティ診断",
    "cloud|SaaS設定診断(SSPM)",
    "cloud|コンテナ・Kubernetes診断",
    "api|API脆弱性診断",
    "api|APIセキュリティ診断",
    "source|ソースコード診断",
    "source|セキュアコードレビュー",
    "source|OSS脆弱性診断(SCA)",
    "asm|ASM(アタックサーフェス管理)診断",
    "asm|外部公開資産調査サービス",
    "game|ゲームセキュリティ診断",
    "iot|IoT機器脆弱性診断",
};
constexpr std::string_view kVulnIntros[] = {
    "web|Webアプリケーションを対象に、既知の攻撃手法を用いて脆弱性の有無を検査するサービスです。",
    "web|ECサイトや会員サイトなどのWebアプリケーションに対し、専門技術者が疑似攻撃を行い脆弱性を検出します。",
    "cms|WordPressなどのCMSで構築されたWebサイト向けに、手軽に利用できる簡易診断を提供します。",
    "platform|インターネットに公開されたサーバやネットワーク機器の脆弱性を網羅的に検査します。",
    "platform|OSやミドルウェアの既知の脆弱性、不要なサービスの公開、設定不備を検査するプラットフォーム診断です。",
    "general|Webアプリケーションからネットワーク、クラウドまで、システム全体の脆弱性を診断するサービスです。",
    "general|定期的な脆弱性診断により、システム改修や新たな脆弱性の公表に伴うリスクを継続的に把握します。",
    "internal|社内ネットワークに接続された端末やサーバを対象に、内部からの攻撃を想定した診断を行います。",
    "internal|Active Directoryや無線LAN、VPN装置など社内インフラの設定不備を診断します。",
    "mobile|iOS/Androidのスマートフォンアプリと、連携するAPIサーバの双方を診断します。",
    "cloud|AWS, Azure, Google Cloudの設定状況を確認し、情報漏えいにつながる設定不備を洗い出します。",
    "cloud|クラウドやSaaS、コンテナ環境の設定をベストプラクティスと照合して診断します。",
    "api|REST APIやGraphQLなど、Webサービスが提供するAPIのセキュリティを評価します。",
    "source|ソースコードを静的解析し、実装上の脆弱性を開発工程の早い段階で発見します。",
    "source|利用しているオープンソースの構成を分析し、既知の脆弱性やライセンス上のリスクを把握します。",
    "asm|インターネットから見えるお客様のIT資産を調査し、把握できていないサーバやドメインを含めてリスクを評価します。",
    "game|オンラインゲームやアプリのチート・不正改ざん対策を含めたセキュリティ診断を行います。",
    "iot|ネットワークに接続するIoT機器と管理用Webインタフェースの脆弱性を診断します。",
};

constexpr std::string_view kPentestNames[] = {
    "general|ペネトレーションテストサービス",
    "general|ペネトレーションテスト",
    "general|侵入テストサービス",
    "general|攻撃シミュレーション診断",
    "ot|制御システム(OT)ペネトレーションテスト",
    "ot|OT/ICSペネトレーションテスト",
    "redteam|レッドチーム演習",
    "redteam|レッドチームアセスメント",
    "redteam|パープルチーム演習",
    "redteam|標的型攻撃シナリオテスト",
    "tlpt|TLPT(脅威ベースペネトレーションテスト)",
    "ad|Active Directory侵入テスト",
    "ad|内部侵入テスト",
    "ad|ランサムウェア耐性評価",
    "cloud|クラウドペネトレーションテスト",
    "cloud|AWSペネトレーションテスト",
    "external|外部侵入テスト",
    "external|Webアプリケーションペネトレーションテスト",
    "physical|物理ペネトレーションテスト",
    "physical|無線LANペネトレーションテスト",
    "car|車載システムペネトレーションテスト",
};
constexpr std::string_view kPentestIntros[] = {
    "general|実際の攻撃者の視点で、システムへの侵入や重要情報への到達が可能かを検証するサービスです。",
    "general|目的とする情報資産を定め、攻撃者がそこへ到達できるかを実証的に評価します。",
    "ot|工場やプラントの制御システム(OT)を対象に、安全性に配慮したペネトレーションテストを行います。",
    "redteam|脅威インテリジェンスに基づくシナリオで組織全体の防御・検知・対応力を評価するレッドチーム演習です。",
    "redteam|標的型攻撃を模したシナリオで、技術的対策と組織の対応プロセスの両面を検証します。",
    "tlpt|金融機関向けに、脅威ベースのペネトレーションテスト(TLPT)を提供します。",
    "ad|Active Directory環境を対象に、権限昇格や横展開のリスクを検証します。",
    "ad|社内ネットワークに侵入された状況を想定し、ランサムウェア攻撃に至るまでの経路を検証します。",
    "cloud|クラウド環境における侵害シナリオを想定し、設定不備や権限管理の弱点を突いた侵入テストを実施します。",
    "external|インターネット側からの攻撃を想定し、公開システムを足がかりとした内部への侵入可能性を検証します。",
    "physical|オフィスへの物理的な侵入や無線LANを経由した攻撃など、物理・無線面からの侵入可能性を検証します。",
    "car|車両や車載システムを対象に、外部通信や診断ポートを経由した攻撃の可能性を検証します。",
};

constexpr std::string_view kForensicNames[] = {
    "general|インシデント対応・フォレンジック調査",
    "general|デジタルフォレンジックサービス",
    "general|フォレンジック調査サービス",
    "general|緊急インシデントレスポンス",
    "general|CSIRT支援・フォレンジック",
    "general|不正アクセス調査",
    "retainer|インシデントレスポンスリテイナー",
    "ransom|ランサムウェア被害調査",
    "ransom|ランサムウェア緊急対応サービス",
    "ransom|ランサムウェア復旧支援",
    "insider|情報漏えい調査",
    "insider|社内不正調査",
    "insider|eディスカバリー支援",
    "device|モバイルフォレンジック",
    "device|PC・サーバフォレンジック",
    "device|証拠保全サービス",
    "cloud|クラウドフォレンジック",
    "cloud|Microsoft 365侵害調査",
    "malware|マルウェア解析サービス",
    "compromise|侵害痕跡調査(コンプロマイズアセスメント)",
    "compromise|ログ解析調査サービス",
};
constexpr std::string_view kForensicIntros[] = {
    "general|サイバー攻撃や情報漏えいなどのインシデント発生時に、原因と被害範囲を特定するデジタルフォレンジック調査サービスです。",
    "general|不正アクセスが疑われる事案について、初動対応から原因調査、復旧支援までを一貫して提供します。",
    "retainer|事前契約により、インシデント発生時に優先的に技術者を派遣するリテイナー型サービスです。",
    "ransom|ランサムウェア被害を受けた組織に対し、侵入経路の特定と復旧に向けた支援を行います。",
    "ransom|暗号化被害からの早期復旧を最優先に、バックアップの確認と侵入経路の調査を並行して進めます。",
    "insider|社内不正や情報持ち出しが疑われる事案について、電子データの調査を行います。",
    "insider|訴訟や社内調査に必要な電子データを収集・分析し、証拠として提出可能な形で整理します。",
    "device|パソコンやサーバ、スマートフォンなどから証拠データを保全し、法的手続にも耐えうる形で解析します。",
    "cloud|クラウドサービスやSaaSのログを対象にしたクラウドフォレンジック調査を提供します。",
    "malware|不審な挙動を示す検体のマルウェア解析を行い、機能や通信先を明らかにします。",
    "compromise|インシデントの兆候がない段階でも、侵害の痕跡が残っていないかを調査します。",
    "compromise|サーバや端末、ネットワーク機器のログを解析し、不審な通信や操作の有無を確認します。",
};

constexpr std::string_view kMonitorNames[] = {
    "soc|24時間365日SOCサービス",
    "soc|マネージドSOCサービス",
    "soc|SOCサービス",
    "soc|SOCライト",
    "soc|セキュリティ監視サービス",
    "edr|EDR運用監視サービス",
    "edr|MDRサービス",
    "edr|マネージドEDR",
    "xdr|XDRマネージドサービス",
    "xdr|XDR運用監視",
    "waf|WAF運用サービス",
    "waf|クラウドWAF運用監視",
    "ot|OTセキュリティ監視",
    "ot|制御システムネットワーク監視",
    "cloud|クラウドセキュリティ監視(CSPM運用)",
    "cloud|AWSセキュリティ運用監視",
    "cloud|Azureセキュリティ運用サービス",
    "siem|SIEM運用監視",
    "siem|ログ監視サービス",
    "siem|SIEM構築・運用支援",
    "network|マネージドファイアウォール",
    "network|UTM運用監視サービス",
    "network|ネットワーク脅威検知(NDR)サービス",
    "csirt|CSIRT運用支援サービス",
    "csirt|脆弱性管理運用サービス",
    "csirt|ダークウェブ監視サービス",
};
constexpr std::string_view kMonitorIntros[] = {
    "soc|24時間365日体制のSOCで、お客様のネットワークやサーバのログを監視し、脅威を検知します。",
    "soc|専任アナリストが常時監視を行い、検知したセキュリティイベントを分析・通知するSOCサービスです。",
    "edr|EDR製品のアラート監視から隔離などの初動対応までを代行するマネージドサービスです。",
    "xdr|XDRを活用して端末, ネットワーク, クラウドのログを横断的に分析し、高度な攻撃を早期に発見します。",
    "waf|WAFの導入・チューニングから日常の運用監視までをワンストップで提供します。",
    "ot|工場やプラントのOTネットワークを対象に、制御システム向けのセキュリティ監視を行います。",
    "cloud|クラウド環境の設定をCSPMで継続的に監視し、設定不備や不審な操作を通知します。",
    "siem|SIEMの構築・運用を支援し、相関分析による脅威検知を実現します。",
    "siem|各種機器のログを集約・分析し、不審な挙動を検知するログ監視サービスです。",
    "network|ファイアウォールやUTMの運用監視を行い、ポリシー変更やシグネチャ更新も代行します。",
    "network|ネットワーク通信を分析し、侵入後の不審な通信や情報持ち出しを検知します。",
    "csirt|お客様のCSIRT活動を支援し、脆弱性情報の収集から対応の優先順位付けまでを継続的に行います。",
};

constexpr std::string_view kDeviceNames[] = {
    "iot|IoT機器セキュリティ検証",
    "iot|IoTセキュリティ評価サービス",
    "iot|組込み機器セキュリティ診断",
    "iot|ファームウェア解析サービス",
    "iot|ファジングテストサービス",
    "iot|無線通信(Bluetooth/LoRa)セキュリティ検証",
    "hw|ハードウェア脆弱性検証",
    "hw|サイドチャネル耐性評価",
    "hw|ICカード・決済端末セキュリティ評価",
    "car|車載機器セキュリティ評価",
    "car|車載ECUペネトレーションテスト",
    "medical|医療機器サイバーセキュリティ評価",
    "network|ネットワーク機器セキュリティ検証",
    "network|監視カメラセキュリティ検証",
    "ot|制御機器セキュリティ検証(IEC 62443-4-2)",
    "ot|産業用機器セキュリティ評価",
    "consumer|スマート家電セキュリティ評価",
    "consumer|JC-STAR適合評価支援",
};
constexpr std::string_view kDeviceIntros[] = {
    "iot|IoT機器や組込み機器を対象に、ハードウェアからソフトウェアまで総合的なセキュリティ検証を行います。",
    "iot|機器のファームウェアや通信プロトコルを解析し、製品出荷前に脆弱性を発見します。",
    "hw|ICチップや基板を対象に、物理的な解析を含むハードウェアセキュリティの評価を行います。",
    "car|車載ECUや車載ネットワークを対象としたセキュリティ評価サービスです。",
    "medical|医療機器メーカー向けに、サイバーセキュリティ要求への適合を支援する検証を行います。",
    "network|ルータやスイッチ、ネットワークカメラなどの出荷前セキュリティ検証を提供します。",
    "ot|PLCなど産業用制御機器のセキュリティ要件への適合状況を検証します。",
    "consumer|スマート家電など消費者向けIoT製品のセキュリティラベル取得に向けた評価を支援します。",
};

// ---------------------------------------------------------------------------------------------
// Overview sentences by type and slot (method, standard, staff, deliverable, extra).
// ---------------------------------------------------------------------------------------------

constexpr std::string_view kAuditMethod[] = {
    "文書レビュー、担当者へのインタビュー、現地確認を組み合わせて評価します。",
    "事前アンケートで現状を把握したうえで、リスクの高い領域に重点を置いた監査計画を策定します。",
    "保証型監査と助言型監査のいずれにも対応し、目的に応じて手続を選択いただけます。",
    "オンライン会議を活用したリモート監査にも対応しており、複数拠点でも効率的に実施できます。",
    "サンプリングによる運用状況のテストを行い, 管理策が有効に機能しているかを確認します。",
    "アクセス権の棚卸しやログの保管状況など、技術的な管理策も実機で確認します。",
};
constexpr std::string_view kAuditStandard[] = {
    "評価基準にはISO/IEC 27001:2022, ISO/IEC 27002, NIST SP 800-53などを用います。",
    "NIST Cybersecurity Framework 2.0およびCIS Controlsを参照した評価項目を用意しています。",
    "経済産業省の情報セキュリティ管理基準および監査基準に準拠して実施します。",
    "FISC安全対策基準や医療情報システムの安全管理に関するガイドラインなど、業界固有の基準にも対応します。",
    "PCI DSS v4.0やSOC2の要求事項との対応表を作成します。",
};
constexpr std::string_view kAuditStaff[] = {
    "公認情報システム監査人(CISA)、ISMS主任審査員資格を持つ監査人が担当します。",
    "情報処理安全確保支援士およびシステム監査技術者が監査チームを構成します。",
    "CISSP、CISA、CISMなどの資格を持つ監査人が在籍しています。",
};
constexpr std::string_view kAuditDeliverable[] = {
    "監査報告書では指摘事項ごとにリスク評価と改善提案を示します。",
    "監査結果は経営層向けサマリーと担当者向け詳細報告書の2部構成で提出します。",
    "改善計画の策定からフォローアップ監査まで継続的に支援します。",
    "指摘事項は重要度別に整理し、是正の進み具合を追跡できる管理表もお渡しします。",
};
constexpr std::string_view kAuditExtra[] = {
    "はじめての監査でもわかりやすく、準備の進め方からご説明します。",
    "中小企業向けに、範囲を絞った低価格のプランもご用意しています。",
    "標準的な期間は計画から報告まで4～8週間です。",
    "年次監査の計画策定や監査人の育成支援もあわせてご相談いただけます。",
};

constexpr std::string_view kVulnMethod[] = {
    "自動診断ツールによる網羅的な検査と、専門技術者による手動診断を組み合わせて実施します。",
    "認証・認可、セッション管理、入力値検証などの観点から、実際の攻撃手法を再現して検査します。",
    "本番環境への影響を抑えるため、事前に診断範囲と実施時間帯を綿密に調整します。",
    "検出結果は技術者が一件ずつ精査し、誤検知を取り除いたうえで報告します。",
    "診断は最短1日から実施可能で, 定期診断プランではスケジュールを年間で管理します。",
    "リリース前の検証環境でも、本番稼働中のシステムでも診断を実施できます。",
};
constexpr std::string_view kVulnStandard[] = {
    "診断項目はOWASP Top 10およびOWASP ASVSに準拠しています。",
    "IPA「安全なウェブサイトの作り方」やOWASP MASVSを参照した診断基準を採用しています。",
    "CIS Benchmarksに基づき、クラウドやOSの設定を評価します。",
    "検出した脆弱性の深刻度はCVSS v3.1/v4.0で評価します。",
    "PCI DSSの要件11に対応した脆弱性スキャンにも対応します。",
};
constexpr std::string_view kVulnStaff[] = {
    "情報処理安全確保支援士などの有資格者が診断を担当します。",
    "OSCP、OSWE、GIAC GWAPTなどの資格を持つエンジニアが在籍しています。",
    "診断員は年間数百件の診断実績を持つ専任チームで構成されています。",
};
constexpr std::string_view kVulnDeliverable[] = {
    "報告書には脆弱性ごとの再現手順と具体的な対策方法を記載します。",
    "報告書は通常、診断終了から5営業日以内に提出します。",
    "対策完了後の再診断を無償で1回実施します。",
    "報告会で開発者向けに結果を解説し、質疑にも対応します。",
    "検出結果はWebポータルで共有し、対応状況を一元管理できます。",
};
constexpr std::string_view kVulnExtra[] = {
    "はじめての診断でもわかりやすく、見積りから報告までていねいにサポートします。",
    "中小企業でも利用しやすい定額プランをご用意しています。",
    "英語での報告書作成にも対応しています。",
    "開発チーム向けのセキュアコーディング研修も提供しています。",
};

constexpr std::string_view kPentestMethod[] = {
    "標的型メールの開封を起点とするシナリオや、内部不正を想定したシナリオなど、目的に応じて設計します。",
    "偵察, 初期侵入, 権限昇格, 横展開, 目的達成の各段階で攻撃手法を検証します。",
    "MITRE ATT&CKに沿って攻撃手法を選定し、検知状況もあわせて評価します。",
    "事前に合意した実施ルールと緊急停止手順に従い、安全に配慮して実施します。",
    "クラウドのIAM設定やAPIの権限管理の不備を突いた攻撃経路も検証します。",
};
constexpr std::string_view kPentestStandard[] = {
    "PTESやNIST SP 800-115を参考にした手順で実施します。",
    "TIBER-EUなど海外のフレームワークを参考にした手順にも対応します。",
    "IEC 62443シリーズを踏まえ、制御システム特有のリスクも評価します。",
};
constexpr std::string_view kPentestStaff[] = {
    "OSCP, OSEP, CRTOなどの資格を持つ専任のテスターが担当します。",
    "GIAC GPEN/GXPN認定の技術者がテストを実施します。",
    "情報処理安全確保支援士と攻撃技術の研究者が共同でテストを行います。",
};
constexpr std::string_view kPentestDeliverable[] = {
    "報告書では侵入経路を時系列で示し、優先度付きの対策を提案します。",
    "経営層向けの報告会で、事業への影響をわかりやすくご説明します。",
    "ブルーチームとの振り返り会を実施し、検知・対応の改善につなげます。",
};
constexpr std::string_view kPentestExtra[] = {
    "一般的な実施期間は準備を含めて4～12週間です。",
    "対策後の再テストにも対応しています。",
    "はじめての方にも、目的の整理から実施範囲の決め方までわかりやすくご案内します。",
};

constexpr std::string_view kForensicMethod[] = {
    "24時間365日の受付窓口を設け、緊急時には最短即日で技術者が駆け付けます。",
    "ディスクイメージ, メモリ, ログを保全し、タイムライン分析により攻撃の全体像を再構成します。",
    "リモートでのデータ収集ツールを用いて、遠隔地の拠点でも迅速に調査を開始できます。",
    "EDRのテレメトリやプロキシログを横断的に分析し、侵害範囲を特定します。",
    "被害の拡大を防ぐ封じ込めと、業務の早期復旧を両立させる対応手順をご提案します。",
};
constexpr std::string_view kForensicStandard[] = {
    "証拠保全はISO/IEC 27037に準拠した手順で行います。",
    "調査手順はNIST SP 800-86やNIST SP 800-61を参考にしています。",
    "証拠保全に関する国内のガイドラインを踏まえて対応します。",
};
constexpr std::string_view kForensicStaff[] = {
    "GIAC GCFA/GCFE/GREMなどの資格を持つ調査員が在籍しています。",
    "捜査機関での実務経験を持つ調査員が担当します。",
    "情報処理安全確保支援士とフォレンジック専門の調査員がチームで対応します。",
};
constexpr std::string_view kForensicDeliverable[] = {
    "調査報告書は監督官庁や取引先への説明にも利用できる形式で作成します。",
    "再発防止策の提言に加え、個人情報保護委員会への報告書作成も支援します。",
    "速報、中間報告、最終報告の段階的な報告で意思決定を支援します。",
    "システムの復旧後も、再侵入の兆候がないかを一定期間監視します。",
};
constexpr std::string_view kForensicExtra[] = {
    "顧問契約により、平時からインシデント対応体制の整備を支援するプランもあります。",
    "中小企業でも相談しやすい初動調査パックをご用意しています。",
    "もしものときにあわてないよう、初動対応のポイントもわかりやすくお伝えします。",
};

constexpr std::string_view kMonitorMethod[] = {
    "専任アナリストがアラートを分析し、重大なインシデントは15分以内に電話とメールでお知らせします。",
    "脅威インテリジェンスを活用した検知ルールを継続的に更新しています。",
    "検知したインシデントはチケットで管理し、対応状況をポータルでいつでも確認できます。",
    "お客様のCSIRTと連携した運用手順を設計し、役割分担を明確にします。",
    "EDRやXDR、WAF、ファイアウォールなど複数の製品のアラートを一元的に監視します。",
};
constexpr std::string_view kMonitorStandard[] = {
    "運用プロセスはNIST SP 800-61およびISO/IEC 27035を参考に設計しています。",
    "検知ルールはMITRE ATT&CKにマッピングし、検知範囲を可視化します。",
    "SOCはISO/IEC 27001の認証を取得した施設で運営しています。",
};
constexpr std::string_view kMonitorStaff[] = {
    "GIAC GCIA/GCIHなどの資格を持つアナリストが監視を担当します。",
    "情報処理安全確保支援士を含むアナリストが国内拠点で対応します。",
};
constexpr std::string_view kMonitorDeliverable[] = {
    "月次レポートで検知状況と傾向を報告し、定例会で改善策をご提案します。",
    "四半期ごとに運用状況をレビューし、監視対象や検知ルールを見直します。",
};
constexpr std::string_view kMonitorExtra[] = {
    "中小企業向けに、導入しやすい月額制のライトプランもご用意しています。",
    "マルチベンダーの製品に対応しており、既存環境を活かした監視が可能です。",
    "セキュリティ担当者がいない組織でも安心してご利用いただけるよう、わかりやすいご報告を心がけています。",
    "AWSやAzure、Microsoft 365のログも監視対象に追加できます。",
};

constexpr std::string_view kDeviceMethod[] = {
    "ファームウェア解析, ファジング, 通信解析, デバッグポートの調査などを組み合わせて検証します。",
    "自社の検証ラボに専用の計測機器を備え、サイドチャネル攻撃や故障注入攻撃の評価にも対応します。",
    "Bluetooth LEやWi-Fiなど無線通信のセキュリティも評価対象とします。",
    "開発初期の脅威分析から量産前の最終検証まで、製品ライフサイクルに沿って支援します。",
    "管理用のWeb画面やAPI、クラウド連携部分もあわせて検証します。",
};
constexpr std::string_view kDeviceStandard[] = {
    "評価はETSI EN 303 645やIEC 62443-4-2などの規格を参照して行います。",
    "ISO/SAE 21434およびUN-R155の要求を踏まえた評価に対応します。",
    "JC-STARの適合基準に沿ったチェックと証跡作成を支援します。",
    "IEC 81001-5-1など医療機器向けの規格を踏まえた評価が可能です。",
};
constexpr std::string_view kDeviceStaff[] = {
    "組込み開発経験の豊富なエンジニアと脆弱性診断の専門家が共同で検証します。",
    "情報処理安全確保支援士、OSCP保有者が検証を担当します。",
};
constexpr std::string_view kDeviceDeliverable[] = {
    "報告書には再現手順と設計・実装レベルの対策案を記載します。",
    "検証結果は製品の認証申請に利用できる形式で提出します。",
};
constexpr std::string_view kDeviceExtra[] = {
    "標準的な検証期間は機器1台あたり3～6週間です。",
    "中小メーカーでも依頼しやすい、範囲を絞った簡易検証プランもあります。",
    "はじめての方にも、評価の進め方をわかりやすくご説明します。",
};

struct TypeDef {
  Strings names;
  Strings intros;
  std::array<Strings, kSlotCount> slots;
  Strings url_paths;
};

constexpr std::string_view kAuditPaths[] = {"audit", "security-audit", "isms-audit"};
constexpr std::string_view kVulnPaths[] = {"vulnerability-assessment", "vulnerability", "security-check", "diagnosis"};
constexpr std::string_view kPentestPaths[] = {"pentest", "penetration-test", "red-team"};
constexpr std::string_view kForensicPaths[] = {"forensics", "incident-response", "dfir"};
constexpr std::string_view kMonitorPaths[] = {"soc", "monitoring", "mss", "mdr"};
constexpr std::string_view kDevicePaths[] = {"device-testing", "iot-security", "product-security"};

const std::array<TypeDef, kTypeCount> kTypeDefs{{
    {kAuditNames, kAuditIntros, {kAuditMethod, kAuditStandard, kAuditStaff, kAuditDeliverable, kAuditExtra},
     kAuditPaths},
    {kVulnNames, kVulnIntros, {kVulnMethod, kVulnStandard, kVulnStaff, kVulnDeliverable, kVulnExtra}, kVulnPaths},
    {kPentestNames, kPentestIntros,
     {kPentestMethod, kPentestStandard, kPentestStaff, kPentestDeliverable, kPentestExtra}, kPentestPaths},
    {kForensicNames, kForensicIntros,
     {kForensicMethod, kForensicStandard, kForensicStaff, kForensicDeliverable, kForensicExtra}, kForensicPaths},
    {kMonitorNames, kMonitorIntros,
     {kMonitorMethod, kMonitorStandard, kMonitorStaff, kMonitorDeliverable, kMonitorExtra}, kMonitorPaths},
    {kDeviceNames, kDeviceIntros, {kDeviceMethod, kDeviceStandard, kDeviceStaff, kDeviceDeliverable, kDeviceExtra},
     kDevicePaths},
}};

// Shares of the published list: audit 21 %, vulnerability assessment 32 %, penetration test 13 %,
// forensics 10 %, monitoring 14 %, device verification 10 %.
constexpr std::uint32_t kTypeWeights[kTypeCount] = {21, 32, 13, 10, 14, 10};

constexpr std::string_view kCommon[] = {
    "ご予算やスケジュールにあわせて、柔軟にプランをご提案いたします。",
    "お問い合わせには原則として翌営業日までにご返信いたします。",
    "専任の担当者が窓口となり、はじめから終わりまでていねいにサポートします。",
    "オンラインでのお打ち合わせにも対応しています。",
    "遠方の拠点へも技術者がお伺いします。",
    "英語での対応も可能です。",
    "お客さまの体制にあわせて、必要な範囲だけをお選びいただけます。",
    "ISO/IEC 27001の認証を取得した体制で、お預かりした情報を厳重に管理します。",
    "秘密保持契約の締結後に、詳細なお見積りをお出しします。",
    "セキュリティ対策のご相談窓口としても、お気軽にご利用ください。",
    "クラウドからオンプレミスまで幅広い環境に対応します。",
    "官公庁や上場企業をはじめ、多くのお客様にご利用いただいています。",
    "結果はわかりやすい言葉でまとめ、専門の担当者がいない組織でも活用できるようにしています。",
    "ご契約後も、疑問点があればいつでもお問い合わせいただけます。",
    "地域の中小企業のみなさまにも利用しやすい価格体系です。",
    "継続的な改善に向けて、次年度の計画づくりもお手伝いします。",
    "社内研修や勉強会への講師派遣もあわせてご依頼いただけます。",
    "ご要望に応じて、報告内容を経営会議向けに要約いたします。",
    "サプライチェーン全体のリスク低減に向けたご提案も行っています。",
    "ランサムウェアなど最新の脅威動向をふまえて内容を毎年見直しています。",
};
constexpr std::string_view kShortFill[] = {
    "お気軽にご相談ください。",     "詳細はお問い合わせください。", "全国のお客様に対応します。",
    "無料相談を受け付けています。", "見積りは無料です。",           "短期間での実施も可能です。",
    "オンラインでも対応します。",   "継続的な支援も可能です。",
};

constexpr std::string_view kCountNumbers[] = {"50",  "100", "150",  "200",  "300",  "500",
                                              "800", "1000", "1200", "1500", "2000", "3000"};
constexpr std::string_view kDays[] = {"3", "5", "7", "10"};
constexpr std::string_view kStaffNumbers[] = {"10", "20", "30", "50", "80", "100", "150"};

constexpr std::string_view kPlaceSentences[] = {
    "{}に検証拠点を設けています。",
    "{}周辺の事業者さまでの実施実績もございます。",
    "{}のサテライトオフィスからも対応します。",
};
constexpr std::string_view kPlaces[] = {
    "小樽",   "函館",     "十勝",   "釧路",     "弘前",   "八戸",   "花巻",   "松島",   "角館",
    "酒田",   "会津若松", "那須",   "秩父",     "幕張",   "木更津", "多摩",   "湘南",   "箱根",
    "長岡",   "黒部",     "輪島",   "敦賀",     "富士吉田", "諏訪", "飛騨高山", "豊橋", "伊勢",
    "彦根",   "舞鶴",     "姫路",   "白浜",     "米子",   "出雲",   "倉敷",   "尾道",   "萩",
    "鳴門",   "丸亀",     "今治",   "四万十",   "有田",   "佐世保", "阿蘇",   "別府",   "日南",
    "奄美",   "石垣",     "宮古島", "つくば",   "けいはんな", "柏の葉", "みなとみらい", "天神", "梅田",
};
constexpr std::string_view kProductSentences[] = {
    "自社開発の解析基盤「{}」を活用します。",
    "独自ツール「{}」で作業の一部を自動化しています。",
    "{}シリーズの評価実績があります。",
    "オプションで{}との連携にも対応します。",
    "{}を用いた継続的な確認も選択できます。",
};
constexpr std::string_view kModelSentences[] = {
    "型番{}などの産業用機器にも対応します。",
    "{}を含む主要な製品で検証実績があります。",
    "対応実績のある機種の例として{}があります。",
};

// ---------------------------------------------------------------------------------------------
// Provider and service names.
// ---------------------------------------------------------------------------------------------

constexpr Word kMarkers[] = {
    {"サンプル", "sample"}, {"デモ", "demo"},         {"架空", "kaku"},         {"例示", "reiji"},
    {"仮称", "kasho"},      {"ダミー", "dummy"},      {"モック", "mock"},       {"エグザンプル", "example"},
    {"フィクティブ", "fictive"}, {"見本", "mihon"},   {"試作", "shisaku"},      {"模擬", "mogi"},
};
constexpr Word kCores[] = {
    {"セキュリティ", "security"},     {"サイバー", "cyber"},           {"ネットワークス", "networks"},
    {"テック", "tech"},               {"システムズ", "systems"},       {"ソリューションズ", "solutions"},
    {"ディフェンス", "defense"},      {"ガード", "guard"},             {"シールド", "shield"},
    {"ラボ", "lab"},                  {"コンサルティング", "consulting"}, {"データ", "data"},
    {"セキュア", "secure"},           {"サイバーワークス", "cyberworks"}, {"アシュアランス", "assurance"},
    {"インテグレーション", "integration"}, {"リスクマネジメント", "risk"}, {"テクノロジーズ", "technologies"},
    {"ITサービス", "it-service"},     {"サイバーラボ", "cyberlab"},    {"インフォテック", "infotech"},
    {"リサーチ", "research"},         {"パートナーズ", "partners"},    {"エンジニアリング", "engineering"},
    {"デジタル", "digital"},          {"クラウド", "cloud"},           {"ネット", "net"},
    {"プロテクト", "protect"},        {"マネジメント", "management"},  {"アナリティクス", "analytics"},
};
constexpr Word kKanjiCores[] = {
    {"情報技術", "joho-gijutsu"}, {"電算", "densan"},         {"情報セキュリティ", "johosec"},
    {"総合研究所", "soken"},       {"システム開発", "system-kaihatsu"}, {"情報システム", "johosys"},
    {"通信", "tsushin"},           {"計算センター", "keisan"},  {"電子", "denshi"},
    {"技研", "giken"},             {"情報サービス", "joho-service"}, {"安全技術", "anzen-gijutsu"},
};
constexpr Word kDescriptors[] = {
    {"ブルー", "blue"},     {"レッド", "red"},       {"グリーン", "green"},   {"シルバー", "silver"},
    {"ホワイト", "white"},  {"スカイ", "sky"},       {"オーシャン", "ocean"}, {"フォレスト", "forest"},
    {"ステラ", "stella"},   {"ノヴァ", "nova"},      {"アルファ", "alpha"},   {"オメガ", "omega"},
    {"北斗", "hokuto"},     {"東雲", "shinonome"},   {"暁", "akatsuki"},      {"青葉", "aoba"},
    {"若葉", "wakaba"},     {"光風", "kofu"},        {"ルミナ", "lumina"},    {"アトラス", "atlas"},
    {"ベガ", "vega"},       {"シリウス", "sirius"},  {"オリオン", "orion"},   {"コスモ", "cosmo"},
    {"アクア", "aqua"},     {"テラ", "terra"},       {"ソレイユ", "soleil"},  {"ミライ", "mirai"},
    {"ひかり", "hikari"},   {"さくら", "sakura"},    {"つばさ", "tsubasa"},   {"大和", "yamato"},
    {"朝日", "asahi"},      {"日輪", "nichirin"},    {"白山", "hakusan"},     {"蒼空", "soku"},
    {"翠嶺", "suirei"},     {"銀河", "ginga"},       {"極光", "kyokko"},      {"ネクスト", "next"},
    {"プライム", "prime"},  {"クリア", "clear"},     {"トラスト", "trust"},   {"ゼロ", "zero"},
    {"ユニ", "uni"},        {"アーク", "arc"},       {"エッジ", "edge"},      {"ピーク", "peak"},
    {"ビーコン", "beacon"}, {"ABC", "abc"},          {"XYZ", "xyz"},          {"JKL", "jkl"},
    {"NEXT", "next"},       {"QRS", "qrs"},          {"MNO", "mno"},          {"アイビス", "ibis"},
};
// Regional flavour for providers outside Tokyo; other prefectures use their short name.
constexpr std::pair<std::string_view, Word> kLocalPrefixes[] = {
    {"北海道", {"道央", "doo"}},       {"宮城県", {"杜の都", "morinomiyako"}}, {"愛知県", {"中部", "chubu"}},
    {"大阪府", {"なにわ", "naniwa"}},  {"京都府", {"洛中", "rakuchu"}},       {"兵庫県", {"六甲", "rokko"}},
    {"福岡県", {"博多", "hakata"}},    {"広島県", {"瀬戸内", "setouchi"}},    {"沖縄県", {"琉球", "ryukyu"}},
    {"神奈川県", {"湘南", "shonan"}},  {"石川県", {"加賀", "kaga"}},          {"香川県", {"讃岐", "sanuki"}},
    {"熊本県", {"肥後", "higo"}},      {"新潟県", {"越後", "echigo"}},        {"岡山県", {"吉備", "kibi"}},
    {"静岡県", {"駿河", "suruga"}},    {"長野県", {"信州", "shinshu"}},       {"鹿児島県", {"薩摩", "satsuma"}},
};
constexpr std::string_view kBrandFirst[] = {
    "Blue",  "Red",    "Green", "Silver", "White",  "Sky",    "Ocean",  "Forest", "Stella",  "Nova",
    "Alpha", "Omega",  "Atlas", "Lumina", "Vega",   "Sirius", "Orion",  "Cosmo",  "Aqua",    "Terra",
    "Prime", "Clear",  "True",  "Next",   "Smart",  "Zero",   "Omni",   "Iron",   "Deep",    "Bright",
    "Swift", "Solid",  "Polar", "Cobalt", "Amber",  "Crystal", "Falcon", "Hawk",  "Eagle",   "Summit",
};
constexpr std::string_view kBrandSecond[] = {
    "Guard",  "Shield", "Scan",   "Watch",  "Sight",   "Lens",   "Gate",   "Wall",   "Eye",     "Check",
    "Trace",  "Probe",  "Sentinel", "Keeper", "Vault", "Lock",   "Force",  "Works",  "Lab",     "Secure",
    "Defense", "Radar", "Scope",  "Signal", "Pulse",   "Armor",  "Fort",   "Tower",  "Beacon",  "Anchor",
    "Bridge", "Harbor", "Path",   "Point",  "Base",    "Net",    "Ops",    "Cloud",  "Logic",   "Insight",
};
constexpr std::string_view kBrandTails[] = {"X", "360", "Neo", "One", "Plus", "Go", "Max", "Air", "Edge", "Prime",
                                           "Core", "Flex", "Duo", "Ultra", "Mini", "Pro", "Next", "R", "S", "Z"};
constexpr std::string_view kQualifiers[] = {
    "中小企業向け",   "製造業向け", "金融機関向け", "医療機関向け", "自治体向け",   "スタートアップ向け",
    "クラウド対応",   "リモート",   "定額制",       "スポット",     "年間契約型",   "オンサイト",
    "かんたん",       "はじめての", "総合",         "まるごと",     "エンタープライズ",
};
constexpr std::string_view kSuffixes[] = {
    " Pro",        " ライト",     " プラス",   "（スタンダード）", "（プレミアム）", " Enterprise",
    " for SMB",    "パック",      " ベーシック", " 2.0",           " Next",          "（年間プラン）",
    " Lite",       " Advanced",
};

// ---------------------------------------------------------------------------------------------
// Geography: cities by prefecture (JIS order), "|"-separated.
// ---------------------------------------------------------------------------------------------

constexpr std::string_view kCities[47] = {
    "札幌市中央区|札幌市北区|旭川市|函館市",
    "青森市|八戸市|弘前市",
    "盛岡市|北上市",
    "仙台市青葉区|仙台市宮城野区|石巻市",
    "秋田市|横手市",
    "山形市|米沢市",
    "福島市|郡山市|いわき市",
    "水戸市|つくば市|日立市",
    "宇都宮市|小山市",
    "前橋市|高崎市",
    "さいたま市大宮区|さいたま市浦和区|川口市|所沢市",
    "千葉市美浜区|千葉市中央区|船橋市|柏市",
    "千代田区|中央区|港区|新宿区|渋谷区|品川区|文京区|台東区|江東区|目黒区|大田区|豊島区|墨田区|世田谷区|"
    "中野区|武蔵野市|立川市|八王子市|三鷹市|府中市",
    "横浜市西区|横浜市中区|横浜市港北区|川崎市中原区|川崎市幸区|相模原市中央区|藤沢市|厚木市",
    "新潟市中央区|長岡市",
    "富山市|高岡市",
    "金沢市|白山市",
    "福井市|敦賀市",
    "甲府市",
    "長野市|松本市",
    "岐阜市|大垣市",
    "静岡市葵区|浜松市中央区|沼津市",
    "名古屋市中区|名古屋市中村区|名古屋市東区|豊田市|岡崎市",
    "津市|四日市市",
    "大津市|草津市",
    "京都市下京区|京都市中京区|京都市南区",
    "大阪市北区|大阪市中央区|大阪市西区|大阪市淀川区|吹田市|堺市堺区",
    "神戸市中央区|姫路市|西宮市",
    "奈良市|橿原市",
    "和歌山市",
    "鳥取市|米子市",
    "松江市|出雲市",
    "岡山市北区|倉敷市",
    "広島市中区|広島市南区|福山市",
    "山口市|下関市",
    "徳島市",
    "高松市|丸亀市",
    "松山市|今治市",
    "高知市",
    "福岡市博多区|福岡市中央区|北九州市小倉北区|久留米市",
    "佐賀市",
    "長崎市|佐世保市",
    "熊本市中央区",
    "大分市|別府市",
    "宮崎市|都城市",
    "鹿児島市|霧島市",
    "那覇市|浦添市|うるま市",
};
// Providers per 10,000, skewed like the published list: Tokyo about 65 %, then Kanagawa, Osaka,
// Aichi, Fukuoka; every prefecture at least 0.1 %.
constexpr std::uint32_t kPrefectureWeights[47] = {
    120, 10, 10, 60, 10, 10, 10,   // 北海道 .. 福島
    10, 10, 10, 100, 100, 6500, 900,  // 茨城 .. 神奈川
    30, 10, 30, 10, 10, 10, 10, 50, 350,  // 新潟 .. 愛知
    10, 10, 100, 800, 100, 10, 10,  // 三重 .. 和歌山
    10, 10, 30, 60, 10,  // 鳥取 .. 山口
    10, 30, 10, 10,      // 徳島 .. 高知
    300, 10, 10, 30, 10, 10, 10, 30,  // 福岡 .. 沖縄
};
constexpr std::string_view kTowns[] = {
    "本町", "栄町", "中央", "緑町", "東町", "西町", "南町", "北町", "旭町", "若葉", "桜台",
    "青葉台", "見本町", "試験町", "仮町", "港町", "新町", "錦町", "大手町", "駅前", "元町", "宮前",
};
constexpr std::string_view kBuildings[] = {"サンプル", "デモ", "見本", "架空",   "例示",
                                           "テスト",   "ダミー", "モデル", "仮設", "第二サンプル"};
constexpr std::string_view kBuildingKinds[] = {"ビル", "タワー", "センタービル", "ビルディング", "スクエア"};
constexpr int kAdjacentAreas[8][3] = {
    {1, -1, -1}, {2, 0, -1}, {3, 1, -1}, {2, 4, -1}, {3, 5, 6}, {4, 6, 7}, {5, 4, -1}, {5, -1, -1},
};

constexpr std::string_view kRegistrars[] = {
    "一般社団法人サンプル情報セキュリティ審査機構",
    "特定非営利活動法人デモ監査登録センター",
    "株式会社架空認証サービス",
    "一般財団法人テスト適合性評価協会",
    "一般社団法人例示セキュリティ審査会",
    "一般社団法人見本サイバー適合性審査協会",
    "株式会社ダミー審査登録",
    "一般財団法人仮称情報安全評価センター",
    "特定非営利活動法人モック検証機構",
    "一般社団法人架空クラウド監査協議会",
    "株式会社エグザンプル認証",
    "一般社団法人試験用IoT検証フォーラム",
};
constexpr std::uint32_t kRegistrarWeights[] = {26, 18, 13, 10, 8, 6, 5, 4, 4, 3, 2, 1};

constexpr std::string_view kIndustries[] = {
    "全業種",        "製造業",         "機械・電機・精密機器", "金融・保険業",   "情報通信業",
    "医療・福祉",    "官公庁・自治体", "教育・研究機関",       "小売・卸売業",   "建設・不動産業",
    "運輸・物流",    "電気・ガス・水道", "重要インフラ",       "サービス業",     "自動車・輸送機器",
    "化学・素材",    "食品・飲料",     "宿泊・飲食業",         "農林水産業",     "防衛・航空宇宙",
    "中小企業",
};
// How often each industry is named (by index in kIndustries; 全業種 is chosen separately), and
// the extra weight each type gives some of them.
constexpr std::uint32_t kIndustryWeights[] = {0, 6, 3, 6, 6, 5, 5, 3, 4, 2, 2,
                                              2, 3, 4, 2, 1, 1, 1, 1, 1, 3};
static_assert(std::size(kIndustryWeights) == std::size(kIndustries));
struct Boost {
  int industry;
  int weight;
};
constexpr Boost kAuditBoost[] = {{3, 6}, {6, 6}, {5, 4}, {4, 4}, {7, 3}, {20, 3}};
constexpr Boost kVulnBoost[] = {{4, 8}, {3, 6}, {8, 6}, {13, 4}, {17, 2}};
constexpr Boost kPentestBoost[] = {{3, 8}, {12, 6}, {4, 4}, {1, 4}, {19, 2}};
constexpr Boost kForensicBoost[] = {{1, 4}, {5, 4}, {3, 4}, {6, 4}, {20, 3}};
constexpr Boost kMonitorBoost[] = {{4, 6}, {1, 4}, {3, 4}, {8, 4}, {12, 3}};
constexpr Boost kDeviceBoost[] = {{1, 12}, {2, 14}, {5, 4}, {10, 4}, {11, 4}, {12, 4}, {14, 8}};
const std::array<std::span<const Boost>, kTypeCount> kBoosts{kAuditBoost,    kVulnBoost,    kPentestBoost,
                                                             kForensicBoost, kMonitorBoost, kDeviceBoost};

// ---------------------------------------------------------------------------------------------
// Query vocabulary. Every word here occurs in the fixed text above.
// ---------------------------------------------------------------------------------------------

constexpr std::string_view kOneTerms[] = {
    "セキュリティ",   "診断サービス",   "脆弱性診断",     "ペネトレーションテスト", "フォレンジック",
    "インシデント",   "ランサムウェア", "クラウド",       "報告書",                 "情報処理安全確保支援士",
    "制御システム",   "監査人",         "アナリスト",     "Webアプリケーション",    "ネットワーク",
    "脅威インテリジェンス", "中小企業", "内部監査",       "標的型攻撃",             "サプライチェーン",
    "運用監視",       "ファームウェア", "証拠保全",       "ガイドライン",           "レッドチーム",
};
constexpr std::string_view kTwoCharTerms[] = {"監査", "診断", "復旧", "解析", "調査", "監視", "検証",
                                              "運用", "評価", "侵入", "保全", "対策", "拠点", "実績"};
constexpr std::string_view kEnglishTerms[] = {"SOC",   "SOC2", "OT",   "IoT", "EDR",   "XDR",  "CSIRT", "WAF",
                                              "API",   "AWS",  "Azure", "OWASP", "SIEM", "MDR", "CSPM",  "NIST"};
constexpr std::pair<std::string_view, std::string_view> kTermPairs[] = {
    {"クラウド", "診断"},   {"Web", "脆弱性"},        {"ランサムウェア", "調査"}, {"OT", "監視"},
    {"ISO", "監査"},        {"IoT", "検証"},          {"SOC", "24時間"},          {"AWS", "設定"},
    {"中小企業", "プラン"}, {"フォレンジック", "復旧"}, {"API", "診断"},          {"レッドチーム", "演習"},
    {"マルウェア", "解析"}, {"制御システム", "監査"}, {"EDR", "運用"},            {"PCI", "DSS"},
    {"OWASP", "診断"},      {"報告書", "対策"},       {"サプライチェーン", "監査"}, {"ファームウェア", "解析"},
    {"クラウド", "監視"},   {"ランサムウェア", "評価"}, {"中小企業", "調査"},     {"ネットワーク", "調査"},
    {"ファームウェア", "実績"}, {"ペネトレーションテスト", "診断"}, {"インシデント", "検証"},
    {"サプライチェーン", "調査"}, {"Webアプリケーション", "検証"}, {"セキュリティ", "拠点"},
    {"脆弱性診断", "報告書"}, {"ISMS", "内部監査"},   {"情報処理安全確保支援士", "監査"}, {"SOC", "アナリスト"},
    {"EDR", "インシデント"}, {"ガイドライン", "医療"}, {"MITRE", "検知"},       {"CVSS", "深刻度"},
};
constexpr std::string_view kKatakanaTerms[] = {
    "フォレンジック", "セキュリティ", "クラウド",     "ペネトレーションテスト", "ランサムウェア",
    "インシデント",   "ネットワーク", "ファームウェア", "アナリスト",           "レッドチーム",
    "マルウェア",     "セキュリティ診断", "ガイドライン",
};
constexpr std::string_view kAsciiTerms[] = {"SOC", "IoT", "Web", "AWS", "WAF", "EDR", "OWASP", "CSIRT", "Azure",
                                            "PCI DSS", "API"};
constexpr std::string_view kAsciiFragments[] = {
    "SOC",   "SOC2",   "OT",      "IoT",    "EDR",      "XDR",    "CSIRT",  "WAF",   "API",     "AWS",
    "Azure", "OWASP",  "SIEM",    "MDR",    "CSPM",     "NIST",   "ISO",    "IEC",   "PCI",     "DSS",
    "Web",   "Guard",  "Shield",  "Nova",   "Scan",     "Pro",    "Lite",   "Cloud", "Works",   "Active",
    "Directory", "Kubernetes", "WordPress", "27001", "27002", "800-53", "62443", "2022", "v3.1", "365",
    "GIAC",  "OSCP",   "MITRE",   "ATT&CK", "Bluetooth", "JC-STAR", "TLPT",  "SaaS",  "Google", "Microsoft",
};
constexpr std::string_view kNoMatchTerms[] = {"量子暗号",  "ブロックチェーン鑑定", "qzxv",     "zz-0000",
                                              "惑星探査",  "ゑびす",               "xylophone", "ペンギン",
                                              "𠮷野家",    "ＱＱＱ",               "ぬいぐるみ", "Zyxw"};

// ---------------------------------------------------------------------------------------------
// Building the tables.
// ---------------------------------------------------------------------------------------------

int Chars(std::string_view s) { return static_cast<int>(CodePointCount(s)); }
int HalfChars(std::string_view s) { return static_cast<int>(CodePointCount(HalfwidthKatakana(s))); }

Text MakeText(std::string_view s) { return {s, Chars(s), HalfChars(s)}; }

Template MakeTemplate(std::string_view s) {
  const auto pos = s.find("{}");
  if (pos == std::string_view::npos) throw std::logic_error("template without {}");
  Template t{s.substr(0, pos), s.substr(pos + 2), 0, 0};
  t.chars = Chars(t.before) + Chars(t.after);
  t.half_chars = HalfChars(t.before) + HalfChars(t.after);
  return t;
}

std::pair<std::string_view, std::string_view> SplitTopic(std::string_view s) {
  const auto bar = s.find('|');
  return {s.substr(0, bar), s.substr(bar + 1)};
}

TypeContent BuildType(const TypeDef& def, std::span<const Boost> boosts) {
  TypeContent tc;
  std::vector<std::string_view> topics;
  auto topic_index = [&](std::string_view topic) {
    auto it = std::find(topics.begin(), topics.end(), topic);
    if (it != topics.end()) return static_cast<std::size_t>(it - topics.begin());
    topics.push_back(topic);
    tc.intros.emplace_back();
    return topics.size() - 1;
  };
  for (auto row : def.intros) {
    auto [topic, text] = SplitTopic(row);
    tc.intros[topic_index(topic)].push_back(MakeText(text));
  }
  for (auto row : def.names) {
    auto [topic, text] = SplitTopic(row);
    const std::size_t t = topic_index(topic);
    if (tc.intros[t].empty()) throw std::logic_error("service name topic without an introduction");
    tc.names.push_back({text, t});
  }
  for (std::size_t s = 0; s < kSlotCount; ++s) {
    for (auto text : def.slots[s]) tc.slots[s].push_back(MakeText(text));
  }
  tc.url_paths.assign(def.url_paths.begin(), def.url_paths.end());
  std::vector<std::uint32_t> weights(std::begin(kIndustryWeights) + 1, std::end(kIndustryWeights));
  for (auto b : boosts) weights[static_cast<std::size_t>(b.industry - 1)] += static_cast<std::uint32_t>(b.weight);
  tc.industries = WeightedIndex(weights);
  return tc;
}

// Every run of four code points in the fixed text, with hiragana folded to katakana as search
// does, so that long-tail words can be drawn that occur nowhere else.
std::unordered_set<std::string> FourCharWindows(const std::vector<std::string_view>& texts) {
  std::unordered_set<std::string> out;
  for (auto t : texts) {
    const std::string k = HiraganaToKatakana(t);
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < k.size(); ++i) {
      if ((static_cast<unsigned char>(k[i]) & 0xC0) != 0x80) starts.push_back(i);
    }
    starts.push_back(k.size());
    for (std::size_t i = 0; i + 4 < starts.size(); ++i) out.insert(k.substr(starts[i], starts[i + 4] - starts[i]));
  }
  return out;
}

void BuildLongTail(Content& c, const std::vector<std::string_view>& fixed_text) {
  // Drawn with a fixed seed: the same words occur whatever the listing seed, so queries built
  // from them find listings in any generated set. 12,000 of each, each listing carrying one
  // with probability 0.35: about 15 listings per word per million.
  constexpr std::size_t kEach = 12000;
  constexpr std::u32string_view kMorae =
      U"カキクケコサシスセソタチテトナニネノハヒフヘホマミムメモラリルレロガギグゲゴザジズゼゾダデドバビブベボパピプペポ";
  constexpr std::u32string_view kEndings = U"ンストルドラムナクア";
  constexpr std::string_view kLetters = "ABCDEFGHJKLMNPRSTUVWXZ";
  const auto taken = FourCharWindows(fixed_text);
  Rng rng(0x5EEDF00DCAFEULL);
  std::unordered_set<std::string> seen;
  while (c.rare_products.size() < kEach) {
    std::string w;
    for (int i = 0; i < 3; ++i) AppendUtf8(w, kMorae[rng.Index(kMorae.size())]);
    AppendUtf8(w, kEndings[rng.Index(kEndings.size())]);
    if (taken.count(w) == 0 && seen.insert(w).second) {
      c.rare_product_half_chars.push_back(HalfChars(w));
      c.rare_products.push_back(std::move(w));
    }
  }
  while (c.rare_models.size() < kEach) {
    std::string w;
    w.push_back(kLetters[rng.Index(kLetters.size())]);
    w.push_back(kLetters[rng.Index(kLetters.size())]);
    w.push_back('-');
    w += std::to_string(rng.Between(1000, 9999));
    if (seen.insert(w).second) c.rare_models.push_back(std::move(w));
  }
}

Content Build() {
  Content c;
  for (std::size_t t = 0; t < kTypeCount; ++t) c.types[t] = BuildType(kTypeDefs[t], kBoosts[t]);
  c.type_weights = WeightedIndex(kTypeWeights);

  for (auto s : kCommon) c.common.push_back(MakeText(s));
  for (auto s : kShortFill) c.short_fill.push_back(MakeText(s));
  c.counts = {
      {MakeTemplate("年間{}件以上の実施実績があります。"), {std::begin(kCountNumbers), std::end(kCountNumbers)}},
      {MakeTemplate("これまでに累計{}社以上のお客様にご利用いただいています。"),
       {std::begin(kCountNumbers), std::end(kCountNumbers)}},
      {MakeTemplate("最短{}営業日で報告書を提出します。"), {std::begin(kDays), std::end(kDays)}},
      {MakeTemplate("{}名以上の専門技術者が在籍しています。"), {std::begin(kStaffNumbers), std::end(kStaffNumbers)}},
  };
  for (auto s : kPlaceSentences) c.place_sentences.push_back(MakeTemplate(s));
  for (auto s : kPlaces) c.places.push_back(MakeText(s));
  for (auto s : kProductSentences) c.product_sentences.push_back(MakeTemplate(s));
  for (auto s : kModelSentences) c.model_sentences.push_back(MakeTemplate(s));

  c.markers.assign(std::begin(kMarkers), std::end(kMarkers));
  c.descriptors.assign(std::begin(kDescriptors), std::end(kDescriptors));
  c.cores.assign(std::begin(kCores), std::end(kCores));
  c.kanji_cores.assign(std::begin(kKanjiCores), std::end(kKanjiCores));
  const auto& prefs = domain::Prefectures();
  c.prefecture_weights = WeightedIndex(kPrefectureWeights);
  std::vector<std::string_view> fixed_text;  // for the long-tail check
  for (std::size_t p = 0; p < prefs.size(); ++p) {
    c.local_prefixes[p] = {prefs[p].short_name, std::string(prefs[p].code)};
    for (const auto& [pref, word] : kLocalPrefixes) {
      if (pref == prefs[p].name) c.local_prefixes[p] = {word.ja, std::string(word.slug)};
    }
    std::string_view rest = kCities[p];
    while (!rest.empty()) {
      const auto bar = rest.find('|');
      c.cities[p].push_back(rest.substr(0, bar));
      rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
    }
    c.area_prefectures[static_cast<std::size_t>(prefs[p].area)].push_back(static_cast<int>(p));
    fixed_text.push_back(c.local_prefixes[p].ja);
  }
  for (std::size_t a = 0; a < 8; ++a) {
    for (int n : kAdjacentAreas[a]) {
      if (n >= 0) c.adjacent_areas[a].push_back(n);
    }
  }
  c.brand_first.assign(std::begin(kBrandFirst), std::end(kBrandFirst));
  c.brand_second.assign(std::begin(kBrandSecond), std::end(kBrandSecond));
  c.brand_tails.assign(std::begin(kBrandTails), std::end(kBrandTails));
  c.qualifiers.assign(std::begin(kQualifiers), std::end(kQualifiers));
  c.suffixes.assign(std::begin(kSuffixes), std::end(kSuffixes));
  c.towns.assign(std::begin(kTowns), std::end(kTowns));
  c.buildings.assign(std::begin(kBuildings), std::end(kBuildings));
  c.building_kinds.assign(std::begin(kBuildingKinds), std::end(kBuildingKinds));
  c.registrars.assign(std::begin(kRegistrars), std::end(kRegistrars));
  c.registrar_weights = WeightedIndex(kRegistrarWeights);
  c.industries.assign(std::begin(kIndustries), std::end(kIndustries));

  c.one_terms.assign(std::begin(kOneTerms), std::end(kOneTerms));
  c.two_char_terms.assign(std::begin(kTwoCharTerms), std::end(kTwoCharTerms));
  c.english_terms.assign(std::begin(kEnglishTerms), std::end(kEnglishTerms));
  c.term_pairs.assign(std::begin(kTermPairs), std::end(kTermPairs));
  c.katakana_terms.assign(std::begin(kKatakanaTerms), std::end(kKatakanaTerms));
  c.ascii_terms.assign(std::begin(kAsciiTerms), std::end(kAsciiTerms));
  c.ascii_fragments.assign(std::begin(kAsciiFragments), std::end(kAsciiFragments));
  c.no_match_terms.assign(std::begin(kNoMatchTerms), std::end(kNoMatchTerms));

  for (const auto& def : kTypeDefs) {
    for (auto s : def.names) fixed_text.push_back(s);
    for (auto s : def.intros) fixed_text.push_back(s);
    for (auto slot : def.slots) fixed_text.insert(fixed_text.end(), slot.begin(), slot.end());
  }
  for (auto list : {Strings(kCommon), Strings(kShortFill), Strings(kPlaceSentences), Strings(kPlaces),
                    Strings(kProductSentences), Strings(kModelSentences), Strings(kQualifiers), Strings(kSuffixes)}) {
    fixed_text.insert(fixed_text.end(), list.begin(), list.end());
  }
  for (const auto& words : {std::span<const Word>(kMarkers), std::span<const Word>(kCores),
                            std::span<const Word>(kKanjiCores), std::span<const Word>(kDescriptors)}) {
    for (const auto& w : words) fixed_text.push_back(w.ja);
  }
  for (const auto& t : c.counts) {
    fixed_text.push_back(t.sentence.before);
    fixed_text.push_back(t.sentence.after);
  }
  BuildLongTail(c, fixed_text);
  return c;
}

}  // namespace

const Content& GetContent() {
  static const Content kContent = Build();
  return kContent;
}

}  // namespace proven::synth
