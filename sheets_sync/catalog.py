"""The rules that parsing applies, with their messages and fixes in Chinese and English."""

from __future__ import annotations

from sheets_sync.finding import rule

rule(
    "tab.missing_optional",
    "warning",
    (
        "未找到可选工作表「{tab}」，相关功能暂不可用",
        "如需使用，请新建工作表「{tab}」并填写表头：{headers}",
    ),
    (
        "optional tab '{tab}' is missing; its features are off",
        "to use them, add a tab '{tab}' with the headers: {headers}",
    ),
)
rule(
    "tab.no_header",
    "error",
    ("工作表「{tab}」是空的，没有表头行", "在第 1 行填写表头：{headers}"),
    ("tab '{tab}' is empty: it has no header row", "put the headers in row 1: {headers}"),
)
rule(
    "header.not_found",
    "error",
    (
        "工作表「{tab}」前 10 行中找不到表头行，此表未被读取",
        "在数据上方放一行表头（前 10 行内），至少包含：{headers}",
    ),
    (
        "tab '{tab}' has no header row in its first 10 rows; the tab is not read",
        "put a header row above the data (within the first 10 rows) with at least: {headers}",
    ),
)
rule(
    "header.rows_skipped",
    "info",
    (
        "表头在第 {row} 行；上方的第 {skipped} 行（标题、空行或说明）已跳过",
        "无需处理；行号按实际工作表计算",
    ),
    (
        "the header is in row {row}; row(s) {skipped} above it (title, blank rows or notes) "
        "are skipped",
        "nothing to do; row numbers are those of the sheet",
    ),
)
rule(
    "tab.empty",
    "warning",
    ("工作表「{tab}」只有表头，没有数据行", "从第 2 行开始填写数据"),
    ("tab '{tab}' has headers but no rows", "enter the data from row 2 on"),
)
rule(
    "header.missing",
    "error",
    (
        "缺少必填列「{label}」({key})，此表未被读取",
        "在表头行加一列，表头写「{label}」或 {key}",
    ),
    (
        "required column '{key}' ({label}) is missing; the tab is not read",
        "add a column headed '{key}' or '{label}' to the header row",
    ),
)
rule(
    "header.duplicate",
    "error",
    (
        "表头 {cell}「{value}」与 {first_cell}「{first_value}」都对应 {key}；{cell} 所在列被忽略",
        "删除或重命名其中一列；只保留一列「{key}」",
    ),
    (
        "headers {cell} '{value}' and {first_cell} '{first_value}' both mean '{key}'; "
        "the column of {cell} is ignored",
        "delete or rename one of them so '{key}' appears once",
    ),
)
rule(
    "header.near_miss",
    "warning",
    (
        "表头「{value}」未被识别，是否想写「{label}」？此列被忽略",
        "把表头改成「{label}」（可加括号备注，如「{label}（备注）」）；本部门自用列请换个不相近的名字",
    ),
    (
        "header '{value}' is not recognised: did you mean '{label}' ({key})? the column is ignored",
        "rename the header to '{label}' or '{key}' (a note in brackets is fine); "
        "give a column of your own a name that is not this close",
    ),
)
rule(
    "header.unit_not_hours",
    "warning",
    (
        "表头「{value}」注明单位为{unit}，但「{label}」按工作小时读取，数值不会换算",
        "把这一列的数值改成小时数，表头写「{label}」或「{label}（小时）」",
    ),
    (
        "header '{value}' gives the unit as {unit_en}, but '{key}' is read as business hours; "
        "the values are not converted",
        "type the values in hours and head the column '{label}' or '{key}'",
    ),
)
rule(
    "header.blank",
    "warning",
    ("此列有数据但表头为空，整列被忽略", "在表头行给这一列写上表头，或删除这一列"),
    (
        "this column has data but no header; it is ignored",
        "give the column a header in the header row, or delete it",
    ),
)
rule(
    "value.required",
    "error",
    ("必填项「{label}」({key}) 为空，本行未被处理", "填写「{label}」"),
    ("required value '{key}' ({label}) is empty; the row is skipped", "fill in '{key}'"),
)
rule(
    "cell.too_long",
    "error",
    ("单元格有 {length} 个字符，超过上限 {limit}", "缩短内容，长文本放到文档里并在此处放链接"),
    (
        "the cell holds {length} characters, over the limit of {limit}",
        "shorten it; put long text in a document and link to it here",
    ),
)
rule(
    "cell.formula_text",
    "warning",
    ("内容以「=」开头，按文本处理，不会作为公式执行", "如果不是公式，请去掉开头的「=」"),
    (
        "the text starts with '=': it is treated as text, never as a formula",
        "remove the leading '=' if it is not meant as a formula",
    ),
)
rule(
    "id.whitespace",
    "warning",
    ("编号「{value}」首尾有空格，按「{fixed}」处理", "删除编号首尾的空格"),
    (
        "id '{value}' has leading or trailing spaces; read as '{fixed}'",
        "remove the spaces around the id",
    ),
)
rule(
    "id.invisible",
    "warning",
    ("编号「{value}」含看不见的字符（零宽空格等，多来自网页或聊天软件的复制），按「{fixed}」处理",
     "删除该编号后重新输入：{fixed}"),
    ("id '{value}' holds invisible characters (a zero-width space, pasted from a web page or a "
     "chat); read as '{fixed}'", "delete the id and type it again: {fixed}"),
)  # fmt: skip
rule(
    "id.fullwidth",
    "warning",
    ("编号「{value}」含全角字符，按「{fixed}」处理", "用半角字符输入编号：{fixed}"),
    (
        "id '{value}' has full-width characters; read as '{fixed}'",
        "type the id in half-width characters: {fixed}",
    ),
)
rule(
    "id.duplicate",
    "error",
    ("编号「{value}」重复，与 {first} 相同，本行未被处理", "给本行一个新的唯一编号，或删除重复行"),
    (
        "id '{value}' is a duplicate of {first}; this row is skipped",
        "give this row a new unique id, or delete the duplicate",
    ),
)
rule(
    "int.invalid",
    "error",
    ("「{value}」不是整数", "填写整数，例如 3"),
    ("'{value}' is not a whole number", "enter a whole number, e.g. 3"),
)
rule(
    "float.invalid",
    "error",
    ("「{value}」不是数字", "填写数字，例如 24 或 12.5"),
    ("'{value}' is not a number", "enter a number, e.g. 24 or 12.5"),
)
rule(
    "number.range",
    "error",
    ("「{value}」超出范围 {minimum}–{maximum}", "填写 {minimum} 到 {maximum} 之间的数"),
    ("'{value}' is outside {minimum}–{maximum}", "enter a number from {minimum} to {maximum}"),
)
rule(
    "date.format",
    "error",
    (
        "「{value}」不是可识别的日期/时间",
        "写成 2026-11-26 或 2026-11-26 14:30，或使用日期格式的单元格",
    ),
    (
        "'{value}' is not a date or time we can read",
        "write it as 2026-11-26 or 2026-11-26 14:30, or use a date cell",
    ),
)
rule(
    "date.invalid", "error",
    ("「{value}」不是真实存在的日期", "检查年月日：月份为 1–12，日不超过当月天数（2月没有30日）"),
    ("'{value}' is not a real calendar date",
     "check the date: months 1-12, days within the month (February has no 30th)"),
)  # fmt: skip
rule(
    "date.out_of_range",
    "error",
    ("「{value}」不在 {first}–{last} 年之间，不是真实的日期",
     "填写真实的日期，如 2026-12-31；「长期」「待定」这类没有日期的情况请留空，写在备注里"),
    ("'{value}' is not within the years {first}–{last}: not a real date",
     "enter the real date, e.g. 2026-12-31; for 'no end date' or 'to be decided' leave it "
     "empty and say so in the notes"),
)  # fmt: skip
rule(
    "enum.unknown",
    "error",
    ("「{value}」不是允许的取值", "从以下取值中选择：{allowed}"),
    ("'{value}' is not one of the allowed values", "use one of: {allowed_en}"),
)
rule(
    "bool.invalid",
    "error",
    ("「{value}」不是 是/否", "填写 是 或 否（也可以 yes/no、TRUE/FALSE、1/0）"),
    ("'{value}' is not yes/no", "enter yes or no (also 是/否, TRUE/FALSE, 1/0)"),
)
rule(
    "date.time_only",
    "error",
    ("「{value}」只有时间，没有日期", "写成 2026-11-26 14:30 这样带日期的时间"),
    ("'{value}' is a time of day without a date", "enter the date too, e.g. 2026-11-26 14:30"),
)
rule(
    "date.serial_range",
    "error",
    ("「{value}」是一个数字，不是日期", "写成 2026-11-26，或把单元格设为日期格式后重新输入"),
    ("'{value}' is a number, not a date", "enter a date such as 2026-11-26, or use a date cell"),
)
rule(
    "header.hint_row",
    "info",
    ("表头下的第 {row} 行是填写说明（「{value}」），不作为数据读取",
     "无需处理；说明也可以写在表头上方，或写在单元格的批注里"),
    ("row {row} under the header holds filling notes ('{value}'), not read as data",
     "nothing to do; notes may also go above the header, or in the cells' comments"),
)  # fmt: skip
rule(
    "rows.totals",
    "warning",
    ("这一行是合计行（「{value}」），未作为数据读取",
     "合计行请放在另一个工作表或表头上方：新行追加在表格最后（collabsheet start-project 也是），"
     "会落在合计行下面而不被合计"),
    ("this is a totals row ('{value}'), not read as data",
     "keep totals on another tab or above the header: new rows are added at the end of the table "
     "(so does collabsheet start-project), under the totals, which leave them out"),
)  # fmt: skip
rule(
    "tab.copy",
    "warning",
    ("工作表「{value}」像是「{original}」的副本，未被读取",
     "若有人在副本中填写，请把这些行合并回「{original}」，然后删除副本（或改个不像副本的名称）"),
    ("tab '{value}' looks like a copy of '{original}' and is not read",
     "if people fill it in, move their rows into '{original}', then delete the copy (or rename "
     "it)"),
)  # fmt: skip
rule(
    "tab.ambiguous",
    "warning",
    ("工作表「{value}」与「{tab}」都对应 {key}，只读取了「{tab}」", "删除或改名其中一个工作表"),
    (
        "tabs '{value}' and '{tab}' both mean '{key}'; only '{tab}' is read",
        "delete or rename one of them",
    ),
)
rule(
    "cell.error",
    "error",
    (
        "单元格显示错误值「{value}」，公式没有算出结果，按空值处理",
        "修正这个单元格的公式或引用，或直接填写值",
    ),
    (
        "the cell shows the error '{value}': its formula has no result; read as empty",
        "fix the formula or its references, or type the value",
    ),
)
rule(
    "dept.no_head", "warning",
    ("「负责人」为空：发给部门负责人的升级提醒无人接收", "填写负责人的人员编号（人员表的编号）"),
    ("'head' is empty: the escalations to the department's head reach no one",
     "enter the head's person_id (from the people tab)"),
)  # fmt: skip
