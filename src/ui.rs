//! [`Ui`]: every interface string in English and Chinese, side by side so a translator can
//! review one line at a time. Templates print these; data (names, specialties) carries its own
//! Chinese forms.

use std::borrow::Borrow;

use crate::data::{Mode, Roster, Status, Tally};

use crate::lang::Lang;

/// The interface strings for one language (`Ui::from(lang)`). Number arguments take `impl Borrow` because
/// templates pass references.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ui(pub Lang);

impl From<Lang> for Ui {
    fn from(lang: Lang) -> Ui {
        Ui(lang)
    }
}

impl Ui {
    fn p(self, en: &'static str, zh: &'static str) -> &'static str {
        self.0.pick(en, zh)
    }

    /// The site's title.
    pub fn site_title(self) -> &'static str {
        self.p("China's cross-border e-commerce pilot zones", "中国跨境电子商务综合试验区")
    }
    /// The title in the other language, shown beside it.
    pub fn site_title_other(self) -> &'static str {
        self.p("跨境电子商务综合试验区", "China's cross-border e-commerce pilot zones")
    }
    /// The `lang` attribute of the other language.
    pub fn other_lang(self) -> &'static str {
        self.p("zh-CN", "en")
    }
    /// Label of the link to the other language.
    pub fn switch_label(self) -> &'static str {
        self.p("中文", "English")
    }
    /// Meta description of the map page.
    pub fn map_description(self) -> &'static str {
        self.p(
            "Every cross-border e-commerce comprehensive pilot zone designated by China's State Council, by batch, with sources.",
            "国务院分批设立的全部跨境电子商务综合试验区，按批次列出并注明来源。",
        )
    }
    /// The line under the title after the shown count: of how many, what is not yet identified,
    /// and how many batches there are.
    pub fn lede_tail(self, tally: &Tally, batches: impl Borrow<usize>) -> String {
        let batches = *batches.borrow();
        match self.0 {
            Lang::En => format!("{} Designated by the State Council in {batches} batches since 2015.", self.count_tail(tally)),
            Lang::Zh => format!("{}国务院自 2015 年起分 {batches} 批设立。", self.count_tail(tally)),
        }
    }
    /// A count as one sentence: "172 of 178 designated zones shown; 6 in batch 7 not yet identified."
    pub fn count_line(self, shown: impl Borrow<usize>, tally: &Tally) -> String {
        let shown = *shown.borrow();
        format!("{}{shown} {}", self.lede_head(), self.count_tail(tally))
    }
    /// The count sentence after its number (see [`Ui::count_line`]).
    fn count_tail(self, tally: &Tally) -> String {
        let total = tally.designated_active;
        match (self.0, self.open_list(tally)) {
            // Within a province: where the unidentified zones are is not known.
            (Lang::En, Some(open)) if tally.within_province => format!("of {total} identified zones in this province shown; {open} not yet identified, their provinces unknown."),
            (Lang::Zh, Some(open)) if tally.within_province => format!("个（本省已确认 {total} 个；{open}尚未确认，所在省份不明）。"),
            (Lang::En, None) => format!("of {total} designated zones shown."),
            (Lang::En, Some(open)) => format!("of {total} designated zones shown; {open} not yet identified."),
            (Lang::Zh, None) => format!("个（共设立 {total} 个）。"),
            (Lang::Zh, Some(open)) => format!("个（共设立 {total} 个，其中{open}尚未确认）。"),
        }
    }
    /// The batches with zones not yet identified: "6 in batch 7 and 2 in batch 8" /
    /// "第7批 6 个、第8批 2 个"; `None` when every zone is identified.
    fn open_list(self, tally: &Tally) -> Option<String> {
        let parts: Vec<String> = tally
            .open
            .iter()
            .map(|(b, n)| match self.0 {
                Lang::En => format!("{n} in batch {b}"),
                Lang::Zh => format!("第{b}批 {n} 个"),
            })
            .collect();
        match (self.0, parts.as_slice()) {
            (_, []) => None,
            (Lang::En, [one]) => Some(one.clone()),
            (Lang::En, [init @ .., last]) => Some(format!("{} and {last}", init.join(", "))),
            (Lang::Zh, all) => Some(all.join("、")),
        }
    }
    /// A batch's count in the legend and the list: its active zones, or, where the reply names
    /// zones not yet identified, how many of them are ("27 of 33 identified").
    pub fn batch_count(self, roster: impl Borrow<Roster>) -> String {
        let r = roster.borrow();
        match (self.0, r.designated) {
            (Lang::En, Some(d)) if r.unidentified() > 0 => format!("{} of {d} identified", r.identified),
            (Lang::Zh, Some(d)) if r.unidentified() > 0 => format!("已确认 {} 个（共 {d} 个）", r.identified),
            _ => self.zones_count(r.active),
        }
    }
    /// Prefix before the shown count in Chinese ("显示 N 个").
    pub fn lede_head(self) -> &'static str {
        self.p("", "显示 ")
    }
    /// Skip link.
    pub fn skip_to_list(self) -> &'static str {
        self.p("Skip to the list of zones", "跳到试验区列表")
    }
    /// The map region's name.
    pub fn map_label(self) -> &'static str {
        self.p("Map of the pilot zones", "试验区地图")
    }
    /// The filter form's name.
    pub fn filter_label(self) -> &'static str {
        self.p("Filter the zones", "筛选试验区")
    }
    /// Search box label.
    pub fn search_label(self) -> &'static str {
        self.p("Search by English or Chinese name", "按中文或英文名称搜索")
    }
    /// Search box placeholder.
    pub fn search_placeholder(self) -> &'static str {
        self.p("Xi'an, 西安, Guangdong…", "西安、Xi'an、广东…")
    }
    /// Legend heading.
    pub fn legend_heading(self) -> &'static str {
        self.p("Batches (colour, approval date, zones)", "批次（颜色、批复日期、数量）")
    }
    /// "Batch 3".
    pub fn batch(self, n: impl Borrow<u8>) -> String {
        let n = *n.borrow();
        match self.0 {
            Lang::En => format!("Batch {n}"),
            Lang::Zh => format!("第{n}批"),
        }
    }
    /// "12 zones".
    pub fn zones_count(self, n: impl Borrow<usize>) -> String {
        match (self.0, *n.borrow()) {
            (Lang::En, 1) => "1 zone".to_owned(),
            (Lang::En, n) => format!("{n} zones"),
            (Lang::Zh, n) => format!("{n} 个"),
        }
    }
    /// The legend's link to a batch's page (short; its accessible name is [`Ui::batch_page_label`]).
    pub fn reply(self) -> &'static str {
        self.p("reply", "批复")
    }
    /// What the legend's link to a batch's page leads to.
    pub fn batch_page_label(self, n: impl Borrow<u8>) -> String {
        let n = *n.borrow();
        match self.0 {
            Lang::En => format!("Batch {n} reply: its zones, sources and what is not yet identified"),
            Lang::Zh => format!("第{n}批批复：名单、来源及尚未确认的试验区"),
        }
    }
    /// Under a batch in the list, when its reply names zones not yet identified.
    pub fn unidentified_note(self, roster: impl Borrow<Roster>) -> String {
        let n = roster.borrow().unidentified();
        match (self.0, n) {
            (Lang::En, 1) => "One more zone of this reply is not yet identified: see the batch page.".to_owned(),
            (Lang::En, n) => format!("{n} more zones of this reply are not yet identified: see the batch page."),
            (Lang::Zh, n) => format!("本批复另有 {n} 个试验区尚未确认，详见批次页面。"),
        }
    }
    /// A card for a view of one batch: "Batch 8 (2025): 16 pilot zones".
    pub fn batch_card_title(self, n: u8, year: &str, roster: &Roster) -> String {
        let r = roster;
        match (self.0, r.designated) {
            (Lang::En, Some(d)) if r.unidentified() > 0 => format!("Batch {n} ({year}): {} of {d} pilot zones identified", r.identified),
            (Lang::Zh, Some(d)) if r.unidentified() > 0 => format!("第{n}批（{year}年）：已确认 {} 个试验区（共 {d} 个）", r.identified),
            (Lang::En, _) => format!("Batch {n} ({year}): {} pilot zones", r.identified),
            (Lang::Zh, _) => format!("第{n}批（{year}年）：{} 个跨境电子商务综合试验区", r.identified),
        }
    }
    /// A batch page's title.
    pub fn batch_page_title(self, n: impl Borrow<u8>, document: &str) -> String {
        let n = *n.borrow();
        match self.0 {
            Lang::En => format!("Batch {n} of the cross-border e-commerce pilot zones ({document}) — zonemap"),
            Lang::Zh => format!("第{n}批跨境电子商务综合试验区（{document}）— zonemap"),
        }
    }
    /// A batch page's description for search engines and previews.
    pub fn batch_page_description(self, n: impl Borrow<u8>, roster: &Roster) -> String {
        let n = *n.borrow();
        match self.0 {
            Lang::En => format!("The State Council's reply setting up batch {n} of China's cross-border e-commerce pilot zones: {}", self.batch_roster_line(roster)),
            Lang::Zh => format!("国务院关于设立第{n}批跨境电子商务综合试验区的批复：{}", self.batch_roster_line(roster)),
        }
    }
    /// A batch's zones against its reply, as a sentence.
    pub fn batch_roster_line(self, roster: &Roster) -> String {
        let r = roster;
        let former = r.identified - r.active;
        match (self.0, r.designated) {
            (Lang::En, Some(d)) if r.unidentified() > 0 => {
                format!("the reply designates {d} zones: {} identified, {} not yet identified.", r.identified, r.unidentified())
            }
            (Lang::Zh, Some(d)) if r.unidentified() > 0 => format!("批复设立 {d} 个，已确认 {} 个，{} 个尚未确认。", r.identified, r.unidentified()),
            (Lang::En, _) if former > 0 => format!("{} zones, all identified; {former} no longer a zone of its own.", r.identified),
            (Lang::Zh, _) if former > 0 => format!("共 {} 个，均已确认；其中 {former} 个已不再单独设立。", r.identified),
            (Lang::En, _) => format!("{} zones, all identified.", r.identified),
            (Lang::Zh, _) => format!("共 {} 个，均已确认。", r.identified),
        }
    }
    /// On a batch page, what "not yet identified" means.
    pub fn unidentified_explained(self, roster: impl Borrow<Roster>) -> String {
        let n = roster.borrow().unidentified();
        match self.0 {
            Lang::En => format!(
                "Not yet identified: {n} zones. The reply names them, but its text is not reachable here, and nothing we could read confirms them: two independent reports, or the province's or city's own government. They are counted everywhere, and not drawn."
            ),
            Lang::Zh => format!("尚未确认：{n} 个。批复中列有这些试验区，但本站无法查阅批复原文，也未找到可确认其名称的资料（两篇相互独立的报道，或所在省、市政府的文件）。各处计数均计入，地图上不绘出。"),
        }
    }
    /// Label in a batch page's facts.
    pub fn document_number(self) -> &'static str {
        self.p("Document", "文号")
    }
    /// Label in a batch page's facts.
    pub fn signed(self) -> &'static str {
        self.p("Signed", "签发日期")
    }
    /// Label in a batch page's facts.
    pub fn released(self) -> &'static str {
        self.p("Released", "发布日期")
    }
    /// Label in a batch page's facts: the date zones carry.
    pub fn date_on_map(self) -> &'static str {
        self.p("Date used on the map", "地图采用的日期")
    }
    /// Label in a batch page's facts.
    pub fn zones_heading(self) -> &'static str {
        self.p("Zones", "试验区")
    }
    /// A date no source gives.
    pub fn not_found_in_sources(self) -> &'static str {
        self.p("not found in the sources we read", "所查来源中未见")
    }
    /// Heading of a batch page's zone list.
    pub fn batch_zones_heading(self, n: impl Borrow<u8>) -> String {
        let n = *n.borrow();
        match self.0 {
            Lang::En => format!("Zones set up by batch {n}"),
            Lang::Zh => format!("第{n}批设立的试验区"),
        }
    }
    /// Heading of the zones a reply revoked.
    pub fn revoked_heading(self) -> &'static str {
        self.p("Zones this reply revoked", "本批复撤销的试验区")
    }
    /// Alt text of a batch page's map.
    pub fn batch_map_alt(self, n: impl Borrow<u8>) -> String {
        let n = *n.borrow();
        match self.0 {
            Lang::En => format!("Map of China with a dot for each identified zone of batch {n}; the list is below. Opens the interactive map."),
            Lang::Zh => format!("中国地图，圆点为第{n}批已确认的试验区，名单见下文；点击打开交互地图。"),
        }
    }
    /// The table page's heading and title.
    pub fn table_title(self) -> &'static str {
        self.p("Table of China's cross-border e-commerce pilot zones", "中国跨境电子商务综合试验区一览表")
    }
    /// The table page's description.
    pub fn table_description(self) -> &'static str {
        self.p(
            "Every pilot zone as a sortable table: names, province, batch, approval date and specialties, with the CSV.",
            "全部综合试验区一览：名称、省份、批次、批复日期与特色产业，可排序，可下载 CSV。",
        )
    }
    /// A column heading of the table, by its `sort` value.
    pub fn table_heading(self, column: &str) -> &'static str {
        match column {
            "name" => self.p("Zone", "试验区"),
            "province" => self.p("Province", "省份"),
            "batch" => self.p("Batch", "批次"),
            "approved" => self.p("Approved", "批复日期"),
            _ => self.p("Specialties", "特色产业"),
        }
    }
    /// The link from the map to the table, and back.
    pub fn table_link(self) -> &'static str {
        self.p("The zones as a table", "以表格查看")
    }
    /// See [`Ui::table_link`].
    pub fn map_link(self) -> &'static str {
        self.p("The zones on the map", "在地图上查看")
    }
    /// The CSV download.
    pub fn download_csv(self) -> &'static str {
        self.p("Download these rows (CSV)", "下载这些行（CSV）")
    }
    /// A table cell with nothing recorded.
    pub fn none_recorded(self) -> &'static str {
        self.p("none recorded", "暂无记录")
    }
    /// A province page's heading.
    pub fn province_title(self, name: &str) -> String {
        match self.0 {
            Lang::En => format!("Cross-border e-commerce pilot zones in {name}"),
            Lang::Zh => format!("{name}的跨境电子商务综合试验区"),
        }
    }
    /// The alternative text of a province page's map.
    pub fn province_map_alt(self, name: &str) -> String {
        match self.0 {
            Lang::En => format!("Map of China with the pilot zones in {name} as dots; they are listed below. Opens the interactive map."),
            Lang::Zh => format!("中国地图，圆点为{name}的试验区，名单见下文；点击打开交互地图。"),
        }
    }
    /// The province choice's label.
    pub fn province_label(self) -> &'static str {
        self.p("Province", "省份")
    }
    /// The province choice's first option.
    pub fn all_provinces(self) -> &'static str {
        self.p("All provinces", "全部省份")
    }
    /// The time control's label.
    pub fn asof_label(self) -> &'static str {
        self.p("The map as it stood on", "查看历史：截至")
    }
    /// The time control's option for today's map.
    pub fn asof_today(self) -> &'static str {
        self.p("today", "今天")
    }
    /// A time-control option: the day batch `n` was approved.
    pub fn asof_batch(self, n: u8, date: &str) -> String {
        match self.0 {
            Lang::En => format!("{date} (batch {n})"),
            Lang::Zh => format!("{date}（第{n}批）"),
        }
    }
    /// The time control's buttons.
    pub fn step_back(self) -> &'static str {
        self.p("Previous batch", "上一批")
    }
    /// See [`Ui::step_back`].
    pub fn step_on(self) -> &'static str {
        self.p("Next batch", "下一批")
    }
    /// See [`Ui::step_back`].
    pub fn play(self) -> &'static str {
        self.p("Play the batches in order", "按批次依次播放")
    }
    /// Toggle for former zones.
    pub fn show_former(self) -> &'static str {
        self.p("Show former zones (merged, replaced or revoked)", "显示已撤销或合并的试验区")
    }
    /// Toggle for every zone's logistics links.
    pub fn show_all_links(self) -> &'static str {
        self.p("Show every zone's logistics links", "显示全部试验区的物流通道")
    }
    /// Button that fits the map to one link.
    pub fn show_on_map(self) -> &'static str {
        self.p("Show on map", "在地图上显示")
    }
    /// Submit button of the no-JavaScript form.
    pub fn apply(self) -> &'static str {
        self.p("Apply", "应用")
    }
    /// The detail panel's name.
    pub fn details_label(self) -> &'static str {
        self.p("Zone details", "试验区详情")
    }
    /// Close button's name.
    pub fn close_details(self) -> &'static str {
        self.p("Close the zone details", "关闭详情")
    }
    /// Heading of the list.
    pub fn all_zones(self) -> &'static str {
        self.p("All zones", "全部试验区")
    }
    /// The list pager's name.
    pub fn list_pages(self) -> &'static str {
        self.p("Pages of the list", "列表分页")
    }
    /// The list's name.
    pub fn list_label(self) -> &'static str {
        self.p("All zones by batch", "按批次列出的全部试验区")
    }
    /// The map page's footer, before the data links.
    pub fn footer(self) -> &'static str {
        self.p(
            "Batch lists and dates: State Council replies and reports cited in each zone's sources. Coordinates: GeoNames. Basemap: Made with Natural Earth (boundaries shown for orientation only). Data:",
            "批次名单与日期：国务院批复及各试验区来源中引用的报道。坐标：GeoNames。底图：Natural Earth（边界仅供参考）。数据：",
        )
    }
    /// "Batch 3, approved 2018-07-24 (国函〔2018〕93号)".
    pub fn approved_line(self, n: impl Borrow<u8>, date: &str, document: &str) -> String {
        let n = *n.borrow();
        match self.0 {
            Lang::En => format!("Batch {n}, approved {date} ({document})"),
            Lang::Zh => format!("第{n}批，{date} 批复（{document}）"),
        }
    }
    /// Label before a former zone's note.
    pub fn former_zone(self) -> &'static str {
        self.p("Former zone.", "已不再单独设立。")
    }
    /// What became of a former zone.
    pub fn former_note(self, status: &Status, date: &str, into: Option<&str>) -> String {
        let (en, zh) = match status {
            Status::Active => return String::new(),
            Status::Merged => ("Merged", "合并"),
            Status::Replaced => ("Replaced", "被替代"),
            Status::Revoked => ("Revoked", "撤销"),
        };
        match (self.0, into) {
            (Lang::En, Some(into)) => format!("{en} on {date}, into {into}"),
            (Lang::En, None) => format!("{en} on {date}"),
            (Lang::Zh, Some(into)) => format!("{date} {zh}（并入 {into}）"),
            (Lang::Zh, None) => format!("{date} {zh}"),
        }
    }
    /// A marker's accessible name, with `{name}`, `{province}` and `{batch}` for the browser
    /// script to fill in (it draws the markers, so the words come from here, in the page).
    pub fn marker_label(self) -> &'static str {
        self.p("{name}, {province}, batch {batch}", "{name}，{province}，第{batch}批")
    }
    /// The accessible name of a group's mark on a map of thousands of zones (`{count}` filled in).
    pub fn group_label(self) -> &'static str {
        self.p("{count} zones here: zoom in", "此处有{count}个试验区：放大查看")
    }
    /// Added to a former zone's marker name.
    pub fn former_suffix(self) -> &'static str {
        self.p(" (former zone)", "（已撤销或合并）")
    }
    /// Shown in the panel when its fragment cannot be loaded.
    pub fn panel_failed(self) -> &'static str {
        self.p("The details of this zone could not be loaded.", "无法加载该试验区的详情。")
    }
    /// The embed dialog's status after copying.
    pub fn copied(self) -> &'static str {
        self.p("Copied.", "已复制。")
    }
    /// The embed dialog's status when the browser refuses to copy.
    pub fn copy_by_hand(self) -> &'static str {
        self.p("Select the code and copy it.", "请手动复制。")
    }
    /// Shown when nothing beyond the designation is recorded.
    pub fn little_known(self) -> &'static str {
        self.p("Little is recorded about this zone yet beyond its designation.", "除设立批复外，暂无该试验区的更多记录。")
    }
    /// Section heading.
    pub fn specialties(self) -> &'static str {
        self.p("Specialties", "特色产业")
    }
    /// Section heading.
    pub fn logistics(self) -> &'static str {
        self.p("Logistics links", "物流通道")
    }
    /// Section heading.
    pub fn figures(self) -> &'static str {
        self.p("Figures", "数据")
    }
    /// Section heading.
    pub fn sources(self) -> &'static str {
        self.p("Sources", "来源")
    }
    /// Section heading for the other zones of the batch.
    pub fn same_batch(self) -> &'static str {
        self.p("Other zones of this batch", "同批次的其他试验区")
    }
    /// Link to a zone's own page.
    pub fn page_for(self, name: &str) -> String {
        match self.0 {
            Lang::En => format!("Page for {name}"),
            Lang::Zh => format!("{name}详情页"),
        }
    }
    /// The compact card's link to the zone's own page.
    pub fn zone_page_and_sources(self, name: &str) -> String {
        match self.0 {
            Lang::En => format!("{name}: full page and sources"),
            Lang::Zh => format!("{name}：详情页与资料来源"),
        }
    }
    /// Link back to the map from a zone page.
    pub fn back_to_all(self) -> &'static str {
        self.p("← All pilot zones", "← 全部试验区")
    }
    /// A zone page's title.
    pub fn zone_title(self, name: &str) -> String {
        match self.0 {
            Lang::En => format!("{name} cross-border e-commerce pilot zone — zonemap"),
            Lang::Zh => format!("中国（{name}）跨境电子商务综合试验区 — zonemap"),
        }
    }
    /// The name of a logistics mode.
    pub fn mode(self, mode: impl Borrow<Mode>) -> &'static str {
        match mode.borrow() {
            Mode::Air => self.p("Air", "航空"),
            Mode::Sea => self.p("Sea", "海运"),
            Mode::Rail => self.p("Rail", "铁路"),
            Mode::Road => self.p("Road", "公路"),
            Mode::Bonded => self.p("Bonded", "保税"),
            Mode::Border => self.p("Border", "口岸"),
        }
    }
    /// The embed's footer.
    pub fn embed_credit(self) -> &'static str {
        self.p(
            "Source: State Council replies; each zone's sources are in its panel. Map: zonemap ·",
            "来源：国务院批复；各试验区的资料来源见其详情。地图：zonemap ·",
        )
    }
    /// The credit line's link to the full map.
    pub fn full_map(self) -> &'static str {
        self.p("Open the full map ↗", "打开完整地图 ↗")
    }
    /// Alt text of the server-drawn map.
    pub fn static_map_alt(self) -> &'static str {
        self.p(
            "Map of China with a dot for each pilot zone, coloured by batch; the list of zones is below.",
            "中国地图，每个圆点代表一个试验区，颜色表示批次；试验区列表见下文。",
        )
    }
    /// The embed dialog's button.
    pub fn embed_this_map(self) -> &'static str {
        self.p("Embed this map", "嵌入此地图")
    }
    /// Embed option: legend.
    pub fn embed_legend(self) -> &'static str {
        self.p("Legend", "图例")
    }
    /// Embed option: title.
    pub fn embed_title(self) -> &'static str {
        self.p("Title", "标题")
    }
    /// Embed option: theme.
    pub fn embed_theme(self) -> &'static str {
        self.p("Theme", "主题")
    }
    /// Theme names.
    pub fn theme_light(self) -> &'static str {
        self.p("Light", "浅色")
    }
    /// Theme names.
    pub fn theme_dark(self) -> &'static str {
        self.p("Dark", "深色")
    }
    /// Theme names.
    pub fn theme_auto(self) -> &'static str {
        self.p("Follow the reader's setting", "跟随读者设置")
    }
    /// Label of the responsive code.
    pub fn embed_responsive(self) -> &'static str {
        self.p("Responsive (resizes to fit; needs the script)", "自适应高度（需要脚本）")
    }
    /// Label of the fixed code.
    pub fn embed_fixed(self) -> &'static str {
        self.p("Fixed height (for CMSs that strip scripts)", "固定高度（适用于会删除脚本的内容管理系统）")
    }
    /// Copy button.
    pub fn copy(self) -> &'static str {
        self.p("Copy", "复制")
    }
    /// Download link for the SVG.
    pub fn download_svg(self) -> &'static str {
        self.p("Download this map as SVG (print-ready)", "下载此地图的 SVG 文件（可印刷）")
    }
    /// Heading of the live preview.
    pub fn preview(self) -> &'static str {
        self.p("Preview", "预览")
    }
    /// A zone's name as a heading on a picture.
    pub fn zone_heading(self, name: &str) -> String {
        match self.0 {
            Lang::En => format!("{name}: cross-border e-commerce pilot zone"),
            Lang::Zh => format!("中国（{name}）跨境电子商务综合试验区"),
        }
    }
    /// The line under the map's title on a picture: the count, with what is not yet identified.
    pub fn svg_subtitle(self, tally: &Tally, batches: impl Borrow<usize>) -> String {
        let (zones, batches) = (tally.designated_active, *batches.borrow());
        match (self.0, self.open_list(tally)) {
            (Lang::En, None) => format!("{zones} zones designated by the State Council in {batches} batches since 2015"),
            (Lang::En, Some(open)) => format!("{zones} zones designated by the State Council in {batches} batches since 2015; {open} not yet identified"),
            (Lang::Zh, None) => format!("国务院自 2015 年起分 {batches} 批设立 {zones} 个试验区"),
            (Lang::Zh, Some(open)) => format!("国务院自 2015 年起分 {batches} 批设立 {zones} 个试验区，其中{open}尚未确认"),
        }
    }
    /// The SVG map's title: what it shows.
    pub fn svg_title(self, zones: impl Borrow<usize>) -> String {
        let n = *zones.borrow();
        match self.0 {
            Lang::En => format!("Map of {n} cross-border e-commerce pilot zones in China, coloured by batch"),
            Lang::Zh => format!("{n} 个跨境电子商务综合试验区地图，颜色表示批次"),
        }
    }
    /// Alt text of a link-preview image.
    pub fn preview_alt(self, title: &str) -> String {
        match self.0 {
            Lang::En => format!("Map: {title}, with pilot zones marked by batch colour"),
            Lang::Zh => format!("地图：{title}，按批次颜色标出试验区"),
        }
    }
    /// Link back to the full map from an error page.
    pub fn error_back(self) -> &'static str {
        self.p("Back to the map of all pilot zones", "返回全部试验区地图")
    }
}
