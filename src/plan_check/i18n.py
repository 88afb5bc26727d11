"""User-facing text in Chinese (default) and English.

Every sentence a user reads is a code here with its two wordings; code elsewhere passes
codes and parameters, never finished sentences, so the language is chosen at the edge.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any, Literal

from plan_check.codes import Code

Lang = Literal["zh", "en"]

# The plan's own words that messages name ({city}: the city's own row, 市直 or 县直;
# {owner}: whose own acts that row answers for; {unit_a}, {unit_b}: units of the worked
# examples; {unit_header}: the unit column's header; {unit_word}: what the plan calls its
# units other than the city row, 县(市、区) or 乡镇). A targets file sets them
# (``plan_words``); until one is read they are neutral.
NEUTRAL_WORDS: dict[Lang, dict[str, str]] = {
    "zh": {
        "city": "本级",
        "owner": "本级",
        "unit_a": "甲单位",
        "unit_b": "乙单位",
        "unit_header": "单位",
        "unit_word": "单位",
        "whole": "全部单位",
    },
    "en": {
        "city": "本级",
        "owner": "the bureau itself",
        "unit_a": "unit A",
        "unit_b": "unit B",
        "unit_header": "单位",
        "unit_word": "units",
        "whole": "overall",
    },
}
_WORDS: ContextVar[Mapping[Lang, Mapping[str, str]]] = ContextVar("plan_words")


def use_words(words: Mapping[Lang, Mapping[str, str]]) -> None:
    """The plan's words for every message from now on (the plan read by this command)."""
    _WORDS.set(words)


def words_now() -> Mapping[Lang, Mapping[str, str]]:
    """The plan's words messages use at this moment (neutral until a plan is read)."""
    return _WORDS.get(NEUTRAL_WORDS)


MESSAGES: dict[str, tuple[str, str]] = {
    # --- cannot run (exit 2) ---
    Code.FILE_NOT_FOUND: ("找不到文件:{path}", "file not found: {path}"),
    Code.FILE_UNREADABLE: ("无法读取文件 {path}:{reason}", "cannot read {path}: {reason}"),
    Code.FILE_EMPTY: (
        "文件 {path} 是空的,没有表头和数据行",
        "{path} is empty: no header and no rows",
    ),
    Code.FILE_UNDECODABLE: (
        "文件 {path} 第 {line} 行第 {byte} 字节无法按 UTF-8 或 GB18030 解码(值 {value});"
        "请另存为 UTF-8 或 GB18030 编码的 CSV,或用 --encoding 指定编码",
        "{path} line {line}, byte {byte}: cannot be decoded as UTF-8 or GB18030 (bytes {value}); "
        "save it as UTF-8 or GB18030 CSV, or name the encoding with --encoding",
    ),
    Code.FILE_BAD_ENCODING_OPTION: (
        "文件 {path} 第 {line} 行无法按指定编码 {encoding} 解码(值 {value})",
        "{path} line {line}: cannot be decoded as {encoding} (bytes {value})",
    ),
    Code.UNKNOWN_ENCODING: (
        "不认识的编码 {encoding};可用:utf-8、utf-8-sig、gb18030、gbk、utf-16",
        "unknown encoding {encoding}; accepted: utf-8, utf-8-sig, gb18030, gbk, utf-16",
    ),
    Code.FILE_BINARY: (
        "文件 {path} 第 {line} 行含有 NUL 字节,不是文本 CSV 文件",
        "{path} line {line} holds a NUL byte: this is not a text CSV file",
    ),
    Code.FILE_CSV_SYNTAX: (
        "文件 {path} 第 {line} 行附近无法按 CSV 解析:{reason}",
        "{path} cannot be parsed as CSV near line {line}: {reason}",
    ),
    Code.FILE_CELL_TOO_LARGE: (
        "文件 {path} 第 {line} 行附近有一个单元格超过 {limit} 个字符,不是正常的填报表",
        "{path} near line {line}: a cell longer than {limit} characters; not a submission form",
    ),
    Code.FILE_TOO_WIDE: (
        "文件 {path} 第 {line} 行有 {count} 列,超过上限 {limit} 列",
        "{path} line {line} has {count} columns, more than the limit of {limit}",
    ),
    Code.FILE_NO_UNIT_COLUMN: (
        "文件 {path} 中找不到单位列:表头须有一列名为 {accepted}",
        "{path} has no unit column: the header needs a column named {accepted}",
    ),
    Code.FILE_NO_ROWS: (
        "文件 {path} 只有表头,没有数据行",
        "{path} has a header but no data rows",
    ),
    Code.FILE_NOT_WORKBOOK: (
        "文件 {path} 不是可读取的 Excel 工作簿(.xlsx):{reason}",
        "{path} is not a readable Excel workbook (.xlsx): {reason}",
    ),
    Code.SHEET_NOT_FOUND: (
        "工作簿 {path} 中没有工作表 {sheet};已有:{sheets}",
        "workbook {path} has no sheet {sheet}; it has: {sheets}",
    ),
    Code.NO_DATA_FILES: ("没有给出数据文件", "no data file given"),
    Code.FILE_NOT_REGULAR: (
        "{path} 不是普通文件(是管道、设备或套接字),plan-check 只读取普通文件",
        "{path} is not a regular file (a FIFO, a device or a socket); only files are read",
    ),
    Code.FILE_TOO_BIG: (
        "文件 {path} 有 {size} 字节,超过此类文件的上限 {limit} 字节",
        "{path} has {size} bytes, more than the {limit} such a file may have",
    ),
    Code.FILE_NOT_UTF8: (
        "文件 {path} 第 {line} 行不是 UTF-8 编码(字节 {value});请另存为 UTF-8",
        "{path} line {line} is not UTF-8 (bytes {value}); save it as UTF-8",
    ),
    Code.HEADER_CELL_TOO_LONG: (
        "文件 {path} 第 {line} 行(表头)有一格长达 {length} 个字符,像是引号没有闭合;"
        "请检查表头的引号",
        "{path} line {line} (the header) has a cell of {length} characters: a quote left "
        "open? check the header's quotes",
    ),
    Code.WORKBOOK_NO_UNIT_COLUMN: (
        "工作簿 {path} 的工作表({sheets})都找不到单位列:表头须有一列名为 {accepted};"
        "可用 --sheet 指定工作表",
        "no sheet of {path} ({sheets}) has a unit column: the header needs a column named "
        "{accepted}; --sheet names the sheet to read",
    ),
    Code.SHEET_NO_UNIT_COLUMN: (
        "工作表 {sheet} 没有单位列,已跳过",
        "sheet {sheet} has no unit column: skipped",
    ),
    Code.SHEET_ROWS_NO_UNIT_COLUMN: (
        "工作表 {sheet} 有数据行,但前 50 行中没有单位列,未读取;请把表头(含单位列)放在前 50 行",
        "sheet {sheet} has rows of data but no unit column in its first 50 rows: not read; "
        "put the header (with the unit column) in the first 50 rows",
    ),
    Code.ROWS_ABOVE_HEADER: (
        "文件 {path} 第 {line} 行起有 {count} 行数据在表头(第 {header} 行)之上,不会被读取;"
        "请把这些行移到表头下方,或删去多余的表头",
        "{path}: {count} rows from line {line} sit above the header (line {header}) and would "
        "not be read: move them below the header, or remove the extra header",
    ),
    Code.SHEET_EMPTY: ("工作表 {sheet} 是空的,已跳过", "sheet {sheet} is empty: skipped"),
    Code.FILE_XML_UNUSUAL: (
        "工作簿 {path} 的 {part} 有不完整的单元格或行标签,不是合法的 XML,"
        "电子表格软件不会这样写;请用 Excel 打开后另存为 .xlsx",
        "{path}: {part} holds a cell or row tag that is not well-formed XML, as no "
        "spreadsheet program writes it: open it in Excel and save it as .xlsx",
    ),
    Code.FILE_SHEET_TOO_LARGE: (
        "工作簿 {path} 的 {part} 有单元格远至第 {rows:,} 行第 {columns:,} 列,超出可核查的范围;"
        "请删除表格外的空白格式或内容,或另存为 CSV",
        "{path}: {part} reaches row {rows:,} and column {columns:,}, beyond what can be "
        "checked; delete stray content far outside the table, or save it as CSV",
    ),
    Code.FILE_TOO_MANY_UNITS: (
        "文件 {path} 的单位列有 {count:,} 个不同的名称,超过 {limit:,} 个;这些是学校吗?"
        "学校名称请放在“学校”列,单位列只填单位名称(如 {unit_a})或{city}",
        "{path}: the unit column holds {count:,} different names, more than {limit:,}: are "
        "these schools? schools go in the school column, units in the unit column (such as "
        "{unit_a} or {city})",
    ),
    Code.FILE_XLS_AS_TEXT: (
        "文件 {path} 是 Excel 工作簿(旧版 .xls 或设了密码的文件),扩展名却是文本文件的;"
        "请把扩展名改为 .xls,或在 Excel 中另存为 .xlsx 或 CSV",
        "{path} is an Excel workbook (a legacy .xls or a password-protected file) with a text "
        "file's extension: rename it .xls, or save it as .xlsx or CSV in Excel",
    ),
    Code.FILE_XLSX_AS_TEXT: (
        "文件 {path} 是 .xlsx 工作簿,扩展名却是文本文件的;请把扩展名改为 .xlsx",
        "{path} is an .xlsx workbook with a text file's extension: rename it .xlsx",
    ),
    Code.FILE_XLSX_AS_XLS: (
        "文件 {path} 是 .xlsx 工作簿,扩展名却是 .xls;请把扩展名改为 .xlsx",
        "{path} is an .xlsx workbook named .xls: rename it .xlsx",
    ),
    Code.FILE_OLE2: (
        "文件 {path} 不是 .xlsx 工作簿,而是旧版 .xls 或设了密码的工作簿;"
        "请在 Excel 中取消密码,另存为 .xlsx 或 CSV",
        "{path} is not an .xlsx workbook but a legacy .xls or a password-protected one; "
        "remove the password in Excel and save it as .xlsx or CSV",
    ),
    Code.FILE_ZIP_BOMB: (
        "文件 {path} 解压后异常巨大({reason}),像是压缩炸弹,不予读取;真实的填报表不会这样",
        "{path} inflates far beyond any real workbook ({reason}): refused as a zip bomb",
    ),
    Code.FILE_XML_ENTITIES: (
        "文件 {path} 的 {part} 含有 XML 实体声明(DOCTYPE/ENTITY),Excel 不会这样写,不予读取",
        "{path}: {part} declares XML entities (DOCTYPE/ENTITY), which Excel never writes; refused",
    ),
    Code.SUM_OUT_OF_RANGE: (
        "{metric} 的合计超出可核查范围,无法精确计算",
        "the total of {metric} is beyond the range that can be checked exactly",
    ),
    Code.UNITS_FILE_EMPTY: (
        "单位名单文件 {path} 中没有单位名称(每行一个)",
        "units file {path} names no unit (one per line)",
    ),
    Code.PREVIOUS_NOT_JSON: (
        "上期报告 {path} 不是可读的 JSON 文件({reason});--previous 只接受 plan-check 以 "
        "--format json 写出的报告",
        "previous report {path} is not readable JSON ({reason}); --previous accepts only a "
        "report plan-check wrote with --format json",
    ),
    Code.PREVIOUS_NOT_REPORT: (
        "上期报告 {path} 不是 plan-check 的 JSON 报告:{where} 应为{what};"
        "--previous 只接受 plan-check 以 --format json 写出的报告",
        "previous report {path} is not a plan-check JSON report: {where} should be {what}; "
        "--previous accepts only a report plan-check wrote with --format json",
    ),
    Code.PREVIOUS_OTHER_TARGETS: (
        "上期报告 {path} 与本次目标文件没有一个相同的目标编号:请用同一目标文件的报告比较",
        "previous report {path} shares no goal id with these targets: compare with a report "
        "of the same targets file",
    ),
    "json_number": ("数值或 null", "a number or null"),
    "json_status": ("状态代码(pass、fail 等)", "a status code (pass, fail, …)"),
    "json_text": ("非空文本(至多 1,000 字)", "a non-empty string (at most 1,000 characters)"),
    "json_list": ("列表(至多 5,000 项)", "a list (of at most 5,000 entries)"),
    "json_object": ("对象", "an object"),
    "json_rank": (
        "1 到名单人数之间的整数名次或 null",
        "an integer rank from 1 to the list's length, or null",
    ),
    "json_date": ("日期(年-月-日,如 YYYY-06-30)", "a date (YYYY-MM-DD)"),
    "json_unique": ("不重复的名称", "a name not given before"),
    "json_too_deep": ("嵌套过深", "nested too deeply"),
    "usage_error": (
        "用法错误:{reason}。用 -h 查看帮助",
        "usage error: {reason}. See -h for help",
    ),
    "usage_bad_choice": (
        "选项 {option} 不接受 {value};可用:{accepted}",
        "{option} does not take {value}; accepted: {accepted}",
    ),
    "usage_no_option": ("没有 {option} 这个选项", "there is no option {option}"),
    "usage_missing_argument": ("缺少参数 {argument}", "the argument {argument} is missing"),
    "usage_needs_value": ("选项 {option} 需要一个值", "{option} needs a value"),
    Code.BAD_AS_OF: (
        "--as-of 须为日期(年-月-日,如 YYYY-06-30),收到 {value}",
        "--as-of takes a date (YYYY-MM-DD), got {value}",
    ),
    Code.AS_OF_OUTSIDE: (
        "--as-of {value} 早于计划期({start} 至 {end});请给出计划年度内的日期",
        "--as-of {value} comes before the plan period ({start} to {end})",
    ),
    Code.QUIET_AND_VERBOSE: (
        "-q(只显示汇总行)与 -v(显示全部细节)不能同时使用",
        "-q (summary line only) and -v (every detail) cannot be used together",
    ),
    Code.BAD_OUTPUT: (
        "--output {path}:无法从扩展名判断格式;可用扩展名:{accepted}",
        "--output {path}: the extension does not name a format; accepted: {accepted}",
    ),
    Code.OUTPUT_UNWRITABLE: ("无法写入 {path}:{reason}", "cannot write {path}: {reason}"),
    Code.BAD_PROBLEMS_OUTPUT: (
        "--problems {path}:数据问题清单写为 CSV,文件名须以 .csv 结尾",
        "--problems {path}: the problem list is written as CSV; the name must end in .csv",
    ),
    "internal_error_plain": (
        "plan-check 内部错误:{reason}。请报告此问题",
        "plan-check internal error: {reason}. Please report it",
    ),
    "internal_error": (
        "plan-check 内部错误:{reason}。请加 --traceback 重新运行并报告此问题",
        "plan-check internal error: {reason}. Run again with --traceback and report it",
    ),
    "lint_ok": ("{path}:没有发现问题", "{path}: no problems found"),
    Code.SEVERAL_RULES: (
        "有几项目标与 {rule} 相符,请用编号:{close}",
        "several goals match {rule}; use an id: {close}",
    ),
    Code.UNKNOWN_RULE: (
        "没有编号为 {rule} 的目标;是不是:{close}",
        "no goal has the id {rule}; did you mean: {close}",
    ),
    Code.TEMPLATE_NEEDS_OUTPUT: (
        "xlsx 模板是二进制文件,请用 -o 指定保存路径,如 -o 填报表.xlsx",
        "an xlsx template is binary: name the file with -o, e.g. -o form.xlsx",
    ),
    # --- explain ---
    "ex_item": (
        "{item},属于({number}){section}",
        "{item}, in section ({number}) {section}",
    ),
    "ex_quote": ("原文:“{quote}”", "the plan's words: “{quote}”"),
    "ex_computed": ("计算方法:", "How it is computed:"),
    "ex_than_baseline": ("{op} 上年基数(--baseline)", "{op} last year's figure (--baseline)"),
    "ex_milestone": (
        "任一单位在 {metric} 填“是”即为完成",
        "done when any unit answers yes in {metric}",
    ),
    "ex_milestone_city_row": (
        "{owner}的工作:{city}一行在 {metric} 填“是”即为完成",
        "{owner}'s own act: done when the {city} row answers yes in {metric}",
    ),
    "ex_count_yes": (
        "在 {metric} 填“是”的单位数 {goal}",
        "the number of units answering yes in {metric} {goal}",
    ),
    "ex_count_yes_counties": (
        "在 {metric} 填“是”的{unit_word}数 {goal}({city}不计)",
        "the number of {unit_word} answering yes in {metric} {goal} ({city} not counted)",
    ),
    "ex_each_unit_of": ("每个单位:{formula}", "for every unit: {formula}"),
    "ex_na_not_excused": (
        "/ - — N/A 不算不适用:此目标约束每个单位,按未填报处理(数据不全);无 或 没有 即 0",
        '/ - — N/A are not "not applicable" here: the goal binds every unit, so they '
        "count as not reported (incomplete); 无 or 没有 (none) is 0",
    ),
    "ex_note": ("{header}:{note}", "{header}: {note}"),
    "ex_ratio_note": (
        "(各单位分子之和除以分母之和,不是各单位比率的平均数)",
        "(the sum of numerators over the sum of denominators, never the mean of unit rates)",
    ),
    "ex_scope_city": ("范围:{whole}汇总", "Scope: the {whole} total"),
    "ex_scope_each_unit": (
        "范围:每个单位都须达到,未达到的单位逐一列出",
        "Scope: every unit must meet it; the units that do not are named",
    ),
    "ex_scope_city_row": (
        "范围:{owner}的工作,以{city}一行的填报为准;其他单位的填报只作参考,不能代替{city}完成",
        "Scope: {owner}'s own act, judged on the city's own row ({city}); the counties' "
        "answers are shown but cannot stand in for the city's",
    ),
    "ex_scope_counties": (
        "范围:各{unit_word}汇总,不含{city}",
        "Scope: the {unit_word} together, the city's own row ({city}) left out",
    ),
    "ex_no_na": (
        "本目标约束每个单位:“/”不视为不适用,按未填报处理",
        'This goal binds every unit: a / is not "not applicable" but not reported',
    ),
    "ex_each_unit_trend": (
        "每个单位还与其本单位上年比较,较上年未提高的单位逐一列出,有一个即未达标",
        "Every unit is also compared with its own last year; the units that did not improve "
        "are named, and any one of them misses the goal",
    ),
    "ex_deadline": ("截止日期:{deadline}", "Deadline: {deadline}"),
    "ex_accrues": (
        "全年累计:年中按序时进度(目标 × 已过天数占比)判断快慢",
        "Builds up over the year: before the deadline it is paced (target × share of days gone)",
    ),
    "ex_always": (
        "须始终满足:截止日期前一旦不满足即为未达标",
        "Must hold at every moment: fails as soon as it is broken, even before the deadline",
    ),
    "ex_cells": ("单元格:", "Cells:"),
    "ex_bool_cells": (
        "是/否、√/×、Y/N、已完成/未完成;其他单位可留空,只有整列为空才算数据不全",
        "yes/no (是/否, √/×, Y/N, 已完成/未完成); other units may leave it blank: only a column "
        "blank everywhere makes it incomplete",
    ),
    "ex_bool_cells_city_row": (
        "是/否、√/×、Y/N、已完成/未完成;{city}一行须填,留空或写“/”算数据不全;其他单位可留空",
        "yes/no (是/否, √/×, Y/N, 已完成/未完成); the {city} row must answer (blank or / is "
        "incomplete); the other units may leave it blank",
    ),
    "ex_blank": (
        "留空 = 未填报:目标为“数据不全”,不按 0 计",
        "blank = not reported: the goal is incomplete; never read as 0",
    ),
    "ex_na": (
        "/ - — N/A = 此单位不适用:不计入汇总(人数、个数列的 无、没有 即 0)",
        "/ - — N/A = not applicable to this unit: left out of the total "
        "(无 or 没有 in a count column is 0)",
    ),
    "ex_zero_den": (
        "分母为 0 的单位不计入,不会除以零,也不判为未达标",
        "a unit whose denominator is 0 is left out: never divided by zero, never failed",
    ),
    "ex_example": ("算例(虚构单位):", "Worked example (invented units):"),
    "ex_example_yes": (
        "{unit_a}填“是”,其他单位留空 → 达标;只有“否” → 未达标;整列为空 → 数据不全",
        "{unit_a} answers yes, the others leave it blank → met; only 否 → missed; "
        "all blank → incomplete",
    ),
    "ex_example_city_row": (
        "{city}填“已完成”,其他单位留空 → 达标;{city}填“否”而{unit_a}填“是” → 未达标(并指出"
        "{unit_a}的“是”不能代替{city});{city}留空 → 数据不全",
        "{city} answers 已完成, the others blank → met; {city} 否 while {unit_a} says yes → "
        "missed (and {unit_a}'s yes is pointed out: it cannot stand in for {city}); {city} blank → "
        "incomplete",
    ),
    "ex_example_counties": (
        "{unit_a}填“是” → 1 个 → 达标;{unit_a}填“否”、其余留空 → 0 个 → 未达标;"
        "其他单位都没有填、只有{city}填“是” → 数据不全({city}不计)",
        "{unit_a} answers yes → 1 county → met; {unit_a} no, the other counties blank → 0 "
        "counties → missed; no county answers, only {city} says yes → incomplete ({city} not "
        "counted)",
    ),
    "ex_ratio_each_unit": (
        "{unit_a} {a}/{ad} = {ra} → 达标;{unit_b} {b}/{bd} = {rb} → 未达标:一个单位未达到,"
        "目标即未达标,并列出{unit_b}",
        "{unit_a} {a}/{ad} = {ra} → met; {unit_b} {b}/{bd} = {rb} → missed: one unit short "
        "misses the goal, and {unit_b} is named",
    ),
    "ex_ratio_units": (
        "{unit_a} {a}/{ad},{unit_b} {b}/{bd}",
        "{unit_a} {a}/{ad}, {unit_b} {b}/{bd}",
    ),
    "ex_sum_units": ("{unit_a} {a},{unit_b} {b}", "{unit_a} {a}, {unit_b} {b}"),
    "ex_sum_blank": (
        "若{unit_b}留空:只有 {a} 已填报 → 数据不全",
        "if {unit_b} leaves it blank: only {a} reported → incomplete",
    ),
    "ex_each_unit_sum": (
        "{unit_a} {target} → 达标;{unit_b} 1 → 未达标,并列出{unit_b}",
        "{unit_a} {target} → met; {unit_b} 1 → missed, and {unit_b} is named",
    ),
    "ex_weighted": (
        "{unit_a} 300,000 人 10.0 年,{unit_b} 100,000 人 11.0 年 → (10.0×300000 + 11.0×100000)"
        " / 400000 = 10.25 年(不是简单平均 10.5 年),再与上年比较",
        "{unit_a} 300,000 people at 10.0 years, {unit_b} 100,000 at 11.0 → (10.0×300000 + "
        "11.0×100000) / 400000 = 10.25 years (not the plain mean 10.5), compared with last year",
    ),
    "ex_baseline_example": (
        "今年{whole}数与上年{whole}数比较,只比同一批单位(同口径);相等不算提高或降低。"
        "有单位只在一年有数(填“/”、分母或人口为 0、本年未报送、上年文件中没有、未填报),"
        "两年的合计就不是同一批单位的,判为数据不全并列出这些单位,"
        "两年都有数的单位的比较(同口径)附后,仅供参考",
        "this year's {whole} figure against last year's, over the same units (like for like); "
        'equal is neither a rise nor a fall. A unit with a figure in one year only ("/", a '
        "zero denominator or population, nothing sent this year, absent from last year's "
        "files, left blank) makes the two totals totals of different units: the goal is "
        "incomplete, those units are named, and the comparison over the units with figures "
        "in both years (same units) is shown beside it, for information",
    ),
    # --- targets file ---
    "allocations_invalid": (
        "任务分解文件 {path} 有 {count} 处错误,无法检查:",
        "allocations file {path} has {count} error(s) and cannot be used:",
    ),
    "targets_invalid": (
        "目标文件 {path} 有 {count} 处错误,无法检查:",
        "targets file {path} has {count} error(s) and cannot be used:",
    ),
    "targets_rule": ("规则 {rule}:", "rule {rule}: "),
    "targets_yaml_alias": (
        "不支持 YAML 别名 *{alias}(锚点与别名可层层展开成巨量内容);请把内容直接写出",
        "YAML alias *{alias} is not accepted (aliases can expand without bound); "
        "write the content out",
    ),
    "targets_yaml_syntax": (
        "YAML 写法有误:请检查此处的引号、冒号、缩进和括号",
        "YAML syntax error: check the quotes, colons, indentation and brackets here",
    ),
    "targets_yaml_tag": (
        "不允许的 YAML 标签 {tag}(只接受普通的映射、列表、字符串和数字)",
        "YAML tag {tag} is not allowed (only plain mappings, lists, strings and numbers)",
    ),
    "targets_duplicate_key": ("键 {key} 重复出现", "key {key} appears twice"),
    "targets_not_mapping": (
        "目标文件顶层应是映射(metrics:、sections:、rules:)",
        "the top level must be a mapping (metrics:, sections:, rules:)",
    ),
    "targets_duplicate_id": (
        "规则编号 {id} 重复(第一次在第 {first} 行)",
        "rule id {id} is used twice (first on line {first})",
    ),
    "targets_duplicate_metric": (
        "指标 {id} 重复声明(第一次在第 {first} 行)",
        "metric {id} is declared twice (first on line {first})",
    ),
    "targets_undeclared_metric": (
        "指标 {metric} 未在 metrics: 中声明;相近的有:{known}",
        "metric {metric} is not declared under metrics:; the nearest: {known}",
    ),
    Code.TARGETS_NOT_A_FILE: (
        "找到的目标文件 {path} 不是普通文件(文件夹、管道或失效的链接);请修正,或用 -t 指定目标文件",
        "the targets file found at {path} is no regular file (a folder, a FIFO or a broken "
        "link): fix it, or name one with -t",
    ),
    "targets_too_deep": (
        "嵌套超过 {limit} 层,这不是目标文件的结构",
        "nested more than {limit} levels deep: not the shape of a targets file",
    ),
    "targets_more": ("……另有 {count} 处错误未列出", "… and {count} more not listed"),
    "targets_long_number": (
        "数字 {value} 超过 {limit} 位,不是目标文件里的数",
        "the number {value} has more than {limit} digits: no targets file needs one",
    ),
    "targets_bad_date": (
        "日期 {value} 不存在(月份 1-12,日子不超过当月天数)",
        "the date {value} does not exist (months 1-12, days within the month)",
    ),
    "targets_deadline_early": (
        "截止日期 {deadline} 早于计划起始日 {start}:请改正 deadline,或 period_start",
        "the deadline {deadline} comes before the plan's start {start}: correct the "
        "deadline, or period_start",
    ),
    "targets_unknown_key": ("不认识的键 {key}", "unknown key {key}"),
    "targets_unknown_key_hint": (
        "不认识的键 {key},是不是 {hint}?",
        "unknown key {key}; did you mean {hint}?",
    ),
    "targets_missing_key": ("缺少必填的键 {field}", "{field}: required key is missing"),
    "targets_unknown_kind": (
        "不认识的目标类型 {kind},是不是 {hint}?可用:{kinds}",
        "unknown kind {kind}; did you mean {hint}? valid kinds: {kinds}",
    ),
    "targets_no_kind": (
        "每个目标须写 kind;可用:{kinds}",
        "a rule needs a kind; valid kinds: {kinds}",
    ),
    "targets_bad_value": (
        "{field} 的值 {got} 不合要求;见 plan-check schema 中 {field} 的说明",
        "{field}: the value {got} is not accepted; see {field} in plan-check schema",
    ),
    "targets_want_int": (
        "{field} 须为整数,收到 {got}",
        "{field} must be a whole number, got {got}",
    ),
    "targets_want_bool": (
        "{field} 须为 true 或 false,收到 {got}",
        "{field} must be true or false, got {got}",
    ),
    "targets_want_text": ("{field} 须为非空文字,收到 {got}", "{field} must be text, got {got}"),
    "targets_want_date": (
        "{field} 须为日期(年-月-日,如 YYYY-12-31),收到 {got}",
        "{field} must be a date (YYYY-MM-DD), got {got}",
    ),
    "targets_want_choice": (
        "{field} 的值 {got} 不可用;可选:{choices}",
        "{field}: {got} is not one of {choices}",
    ),
    "targets_want_list": (
        "{field} 须为非空列表,收到 {got}",
        "{field} must be a non-empty list, got {got}",
    ),
    "targets_want_mapping": (
        "{field} 须为映射(键: 值),收到 {got}",
        "{field} must be a mapping (key: value), got {got}",
    ),
    "targets_metric_type": (
        "{field} 需要 {expected} 类型的指标,而 {metric} 是 {actual}",
        "{field} needs a metric of type {expected}, but {metric} is {actual}",
    ),
    "targets_unit_mismatch": (
        "分子 {numerator}({num_unit})与分母 {denominator}({den_unit})的单位不同",
        "numerator {numerator} ({num_unit}) and denominator {denominator} ({den_unit}) "
        "are in different units",
    ),
    "targets_quote_not_in_seed": (
        "引文“{quote}”在工作要点原文中找不到",
        "the quote “{quote}” does not occur in the plan's text",
    ),
    "targets_no_section": (
        "条目 {item} 不属于任何 sections: 中的部分",
        "item {item} belongs to no section under sections:",
    ),
    "targets_bad_bound": (
        "指向未声明的指标 {metric}",
        "names an undeclared metric {metric}",
    ),
    "quota_unknown_rule": (
        "任务分解指向未知的规则 {rule};已有:{known}",
        "a quota names an unknown rule {rule}; rules: {known}",
    ),
    "quota_not_summable": (
        "规则 {rule} 不能分解到各单位:只有按总数(sum)、“不低于/高于”判定的{whole}目标可以分解",
        "rule {rule} cannot be split into quotas: only {whole} sum goals of the form >= or > can",
    ),
    "quota_unknown_unit": (
        "任务分解指向不在应报名单中的单位 {unit};名单:{units}",
        "a quota names {unit}, which is not an expected unit; expected: {units}",
    ),
    "quota_duplicate": ("单位 {unit} 的任务重复分解", "unit {unit} has two quotas"),
    "quota_sum": (
        "各单位任务之和为 {sum},与{whole}目标 {target} 不等",
        "the quotas add up to {sum}, not the {whole} target {target}",
    ),
    "quota_header": (
        "任务分解文件的表头须有 单位、规则、任务数 三列(或 unit、rule、quota)",
        "an allocations file needs the columns unit, rule and quota",
    ),
    "quota_not_number": ("任务数 {value} 不是数字", "quota {value} is not a number"),
    # --- data problems ---
    Code.CELL_NOT_NUMBER: (
        "无法识别的数字",
        "not a number",
    ),
    Code.CELL_EXCEL_ERROR: (
        "Excel 公式错误 {value},请检查此格的公式",
        "an Excel formula error {value}: check this cell's formula",
    ),
    Code.CELL_SCIENTIFIC: (
        "科学计数法:列宽不够时 Excel 会写成科学计数法,真实数值已丢失;请加宽该列后重新另存",
        "scientific notation: Excel writes this when a column is too narrow, and the true "
        "value is lost; widen the column and save again",
    ),
    Code.CELL_OUT_OF_RANGE: (
        "数值超出可核查范围(须小于 {limit}),无法精确核查",
        "a figure beyond the range that can be checked exactly (below {limit})",
    ),
    Code.CELL_TEXT_TOO_LONG: (
        "单元格超过 {limit} 个字符(Excel 单元格的上限)",
        "a cell of more than {limit} characters (Excel's own limit for a cell)",
    ),
    Code.CELL_TOO_LONG: (
        "数字超过 {limit} 位,无法作为填报数据",
        "a number of more than {limit} digits",
    ),
    Code.CELL_NOT_WHOLE: ("人数、个数须为整数", "counts must be whole numbers"),
    Code.CELL_NEGATIVE: ("不能为负数", "must not be negative"),
    Code.CELL_PERCENT_NOT_RATE: (
        "百分数只用于比率列,此列应填数量",
        "a percent is accepted only in rate columns; this column takes a quantity",
    ),
    Code.CELL_NOT_BOOL: ("无法识别的是/否", "not a yes/no answer"),
    Code.CELL_WRONG_UNIT: (
        "单位 {word} 与此列的单位 {unit} 不符",
        "unit word {word} does not match this column's unit {unit}",
    ),
    "accepted_int": (
        "非负整数,如 3000、3,000、0.3万、３０００ 或 3000{unit};"
        "留空表示未填报;无 或 没有 即 0;/ - — N/A 表示不适用",
        "a whole number ≥ 0 such as 3000, 3,000, 0.3万 or 3000{unit}; blank = not reported; "
        "无 or 没有 (none) = 0; / - — N/A = not applicable",
    ),
    "accepted_float": (
        "非负数,如 12.5、1,200.5 或 12.5{unit};留空表示未填报;/ - — 无 N/A 表示不适用",
        "a number ≥ 0 such as 12.5, 1,200.5 or 12.5{unit}; blank = not reported; "
        "/ - — 无 N/A = not applicable",
    ),
    "accepted_rate": (
        "0 到 1 之间的小数或百分数,如 0.965 或 96.5%",
        "a fraction from 0 to 1 or a percent, such as 0.965 or 96.5%",
    ),
    "accepted_bool": (
        "是/否、√/×、✓/✗、Y/N、yes/no、true/false、1/0、已完成/未完成",
        "是/否, √/×, ✓/✗, Y/N, yes/no, true/false, 1/0, 已完成/未完成",
    ),
    Code.RATE_OUT_OF_RANGE: ("比率须在 0 到 100% 之间", "a rate must lie between 0 and 100%"),
    Code.NUMERATOR_ABOVE_DENOMINATOR: (
        "单位 {unit}:{numerator}({num_value})大于 {denominator}({den_value})",
        "unit {unit}: {numerator} ({num_value}) exceeds {denominator} ({den_value})",
    ),
    "accepted_not_above": (
        "{numerator} 不超过 {denominator}",
        "{numerator} at most {denominator}",
    ),
    Code.RATE_DISAGREES: (
        "单位 {unit} 填报的比率 {rate} 与其 {numerator}/{denominator} 算得的 {computed} 不符",
        "unit {unit}: the rate {rate} disagrees with its {numerator}/{denominator} = {computed}",
    ),
    "accepted_rate_agrees": (
        "与分子/分母相差不超过 0.05 个百分点",
        "within 0.05 percentage points of numerator/denominator",
    ),
    Code.BAD_DATE: ("无法识别的日期", "not a date"),
    "accepted_date": ("日期,如 YYYY-06-30 或 YYYY年6月30日", "a date (YYYY-MM-DD)"),
    Code.DATES_DIFFER_IN_FILE: (
        "一个文件只能有一个填报日期,此文件有:{dates}",
        "a file has one report date; this one has: {dates}",
    ),
    "accepted_one_date": ("每个文件一个填报日期", "one report date per file"),
    Code.UNKNOWN_COLUMN: (
        "未知的列,已忽略",
        "unknown column, ignored",
    ),
    "accepted_columns": (
        "指标编号或中文表头,见 README 的数据格式",
        "a metric id or its Chinese header, see the data format in the README",
    ),
    Code.DUPLICATE_COLUMN: (
        "列 {metric} 出现两次(也在第 {other} 列,即 {letter} 列):读取第一列,此列只用来核对,"
        "两列不一致的行不计入",
        "column {metric} appears twice (also column {other}, {letter}): the first is read and "
        "this one only checked against it; a row where they differ is not counted",
    ),
    "accepted_once": ("每个指标一列", "one column per metric"),
    Code.ROW_TOO_LONG: (
        "此行有 {cells} 个单元格,多于表头的 {width} 列,各格已对不上表头,整行未读取",
        "this row has {cells} cells, more than the {width} header columns: its cells no "
        "longer sit under their headers, and the row is not read",
    ),
    Code.ROW_UNQUOTED_THOUSANDS: (
        "此行比表头多 1 格:像是 {value} 的千分位逗号没有加引号,把一个数拆成了两格,其后各格都错了位,"
        "整行未读取;请在 Excel 中另存为 CSV(会自动加引号),或去掉千分位逗号",
        "this row has one cell more than the header: a thousands comma ({value}) is not "
        "quoted, so one number became two cells and every cell after it moved; the row is not "
        "read; save it from Excel as CSV (which quotes it) or drop the thousands comma",
    ),
    "accepted_row_width": ("每行的单元格与表头列数相同", "as many cells as the header has"),
    Code.ROW_TOO_SHORT: (
        "此行只有 {cells} 个单元格,少于表头的 {width} 列;缺少的格按未填报处理",
        "this row has {cells} cells, fewer than the {width} header columns; "
        "the missing cells count as not reported",
    ),
    Code.UNCLOSED_QUOTE: (
        "从此行开始的引号直到文件末尾都没有闭合,此行起的 {lines} 行被当作一个单元格,未读取;"
        "请检查引号是否成对",
        "a quote opened in this row is never closed: the {lines} lines from here to the end "
        "of the file would be one cell, and are not read; check that quotes come in pairs",
    ),
    Code.QUOTE_SWALLOWS_ROWS: (
        "此行的引号跨了 {lines} 行,引号内有看起来是整行数据的内容,可能是引号未闭合吞并了后面的行;"
        "请检查引号是否成对",
        "a quoted cell in this row spans {lines} lines holding what look like whole rows: "
        "an unclosed quote may have swallowed the rows below; check that quotes come in pairs",
    ),
    "accepted_quotes": (
        '引号成对出现;单元格内的引号写成两个 ""',
        'quotes in pairs; a quote inside a cell written twice ""',
    ),
    Code.MORE_PROBLEMS_UNLISTED: (
        "此列另有 {count} 处同类问题({code})未逐一列出,从这一行起",
        "{count} more problems of this kind ({code}) in this column, not listed one by one, "
        "from this line on",
    ),
    Code.UNIT_INVISIBLE_CHARS: (
        "单位名称写法不规范(空格、不可见字符、全角或繁体),已按 {unit} 计",
        "the unit name holds spaces, invisible, full-width or traditional characters: read "
        "as {unit}",
    ),
    Code.CELL_TOO_MANY_DECIMALS: (
        "小数超过 {limit} 位,无法精确核查;请保留至多 {limit} 位小数",
        "more than {limit} decimals: cannot be checked exactly; keep at most {limit}",
    ),
    Code.UNIT_NAME_LINE_BREAK: (
        "单位名称跨了几行,像是引号没有闭合而吞并了后面的行;此行未计入,请检查引号是否成对",
        "a unit name over several lines: a quote left open may have swallowed the rows "
        "below; the row is not counted; check that quotes come in pairs",
    ),
    Code.UNIT_NAME_TOO_LONG: (
        "单位名称长 {length} 个字符,超过 {limit} 个字符,不像单位名称;此行未计入",
        "a unit name of {length} characters, more than {limit}: surely not a unit; "
        "the row is not counted",
    ),
    Code.AS_OF_DIFFERS: (
        "按 --as-of {as_of} 核查,而文件的填报日期是 {dates}:"
        "截至填报日期的数据将按 {as_of} 的序时进度判定",
        "judged as of --as-of {as_of}, while the files are dated {dates}: figures to their "
        "report date are held against the pace of {as_of}",
    ),
    Code.FILE_UNREADABLE_SKIPPED: (
        "{message};此文件未计入,其中的单位按未填报处理",
        "{message}; this file is not counted, and its units count as not reported",
    ),
    Code.OWN_REPORT_SKIPPED: (
        "这是 plan-check 生成的报告,不是填报数据,已跳过",
        "a report written by plan-check, not a submission: skipped",
    ),
    "delimiter_tab": ("制表符分隔", "tab-separated"),
    "delimiter_semicolon": ("分号分隔", "semicolon-separated"),
    Code.TOTAL_ROW: (
        "合计行已忽略:plan-check 自行汇总各单位数据",
        "total row ignored: plan-check adds up the units itself",
    ),
    Code.BLANK_UNIT: ("单位名称为空,此行已忽略", "the unit name is blank; the row is ignored"),
    "accepted_unit_name": (
        "单位名称,如 {unit_a} 或 {city}",
        "a unit name such as {unit_a} or {city}",
    ),
    Code.DUPLICATE_UNIT: (
        "单位 {unit} 重复填报(第一次在 {first}),此行已忽略;一个单位多行须在 学校 列中区分",
        "unit {unit} is reported twice (first at {first}); this row is ignored; several rows "
        "for one unit need distinct keys in the school column",
    ),
    "accepted_one_row": (
        "每个单位一行,或每所学校一行并填写 学校 列",
        "one row per unit, or one row per school with the school column filled",
    ),
    Code.DUPLICATE_STUDENT: (
        "单位 {unit} 的学生 {student} 重复填报(第一次在 {first}),此行已忽略",
        "student {student} of unit {unit} is reported twice (first at {first}); this row is "
        "ignored",
    ),
    Code.FILE_CHANGED: (
        "文件 {path} 已不是开始核查时读到的那个文件(从第 {start} 字节起的内容或大小({size} "
        "字节)不同):核查期间被改写了,或 Dask worker 在这个路径上看到的是另一个文件;请重新核查,"
        "集群上请用各 worker 共享的绝对路径",
        "{path} is no longer the file the check began with (its bytes from {start} on, or its "
        "size, {size} bytes, differ): it changed during the check, or a Dask worker sees "
        "another file at this path; check again, and on a cluster use an absolute path every "
        "worker shares",
    ),
    Code.WORKBOOK_URL: (
        "{path}:Excel 工作簿只能按本机路径读取;请先下载,或另存为 CSV 后按 URL 读取",
        "{path}: a workbook is read from a local path only; download it first, or save it "
        "as CSV to read it by URL",
    ),
    Code.DASK_NOT_INSTALLED: (
        "--dask 需要 Dask:请先安装 pip install 'plan-check[dask]'",
        "--dask needs Dask: install it with pip install 'plan-check[dask]'",
    ),
    Code.DASK_BAD_LOCAL: (
        "--dask {value} 无效:本机集群写 local 或 local:N(N 为 1-{limit} 个 worker)",
        "--dask {value} is not valid: a local cluster is local or local:N (N from 1 to {limit} "
        "workers)",
    ),
    Code.DASK_UNREACHABLE: (
        "无法连接 Dask 调度器 {address}({reason});请确认已运行 dask scheduler,地址形如 "
        "tcp://主机:8786",
        "cannot reach the Dask scheduler {address} ({reason}); is `dask scheduler` running? "
        "An address looks like tcp://host:8786",
    ),
    Code.DASK_NO_WORKERS: (
        "Dask 调度器 {address} 没有可用的 worker({reason});请在各机器上运行 dask worker {address}",
        "the Dask scheduler {address} has no workers ({reason}); start them with "
        "dask worker {address}",
    ),
    Code.DASK_TASK_FAILED: (
        "Dask 集群 {address} 上的读取任务失败({reason}):worker 或调度器已退出,或 worker 未安装 "
        "plan-check",
        "a reading task failed on the Dask cluster {address} ({reason}): a worker or the "
        "scheduler stopped, or a worker lacks plan-check",
    ),
    Code.DASK_FILE_UNREADABLE: (
        "Dask worker 无法读取文件 {path}({reason});每个 worker 都须能在同一路径读到该文件"
        "(共享目录)",
        "a Dask worker cannot read {path} ({reason}); every worker must reach the file at the "
        "same path (a shared folder)",
    ),
    Code.DUPLICATE_SCHOOL: (
        "单位 {unit} 的学校 {school} 重复填报(第一次在 {first}),此行已忽略",
        "school {school} of unit {unit} is reported twice (first at {first}); this row is ignored",
    ),
    Code.UNEXPECTED_UNIT: (
        "单位 {unit} 不在应报单位名单中,其数据未计入",
        "unit {unit} is not on the list of expected units; its figures are not counted",
    ),
    Code.UNEXPECTED_UNIT_LIKE: (
        "单位 {unit} 不在应报单位名单中,其数据未计入;是不是名单中的 {like}?",
        "unit {unit} is not on the list of expected units; its figures are not counted; "
        "is it {like} on the list?",
    ),
    Code.UNIT_WRITTEN_TWICE: (
        "单位 {unit} 与 {like} 只差全角/半角、繁简或不可见字符,可能是同一单位写了两种写法",
        "unit {unit} differs from {like} only in width, traditional characters or invisible "
        "characters: probably one unit written two ways",
    ),
    Code.UNIT_LIKE_OTHER_YEAR: (
        "单位 {unit} 只出现在本年数据中,与只出现在上年数据中的 {like} 很像,是否同一单位?",
        "unit {unit} appears only this year and looks like {like}, found only last year: one unit?",
    ),
    Code.QUOTA_UNIT_NOT_REPORTED: (
        "任务分解中的单位 {unit} 没有填报数据",
        "the allocations name {unit}, which sent no figures",
    ),
    Code.QUOTA_UNIT_NOT_REPORTED_LIKE: (
        "任务分解中的单位 {unit} 没有填报数据;是不是 {like}?",
        "the allocations name {unit}, which sent no figures; is it {like}?",
    ),
    "accepted_expected_units": ("名单中的单位:{units}", "units on the list: {units}"),
    # --- statuses and reasons ---
    "status_pass": ("达标", "met"),
    "status_on_pace": ("进度正常", "on pace"),
    "status_behind": ("滞后", "behind"),
    "status_not_yet": ("尚未完成", "not done yet"),
    "status_not_yet_met": ("尚未达标", "open"),
    "unit_on_pace": ("进度正常", "on pace"),
    "unit_behind": ("滞后", "behind"),
    "unit_not_yet": ("尚未达标", "open"),
    "status_fail": ("未达标", "missed"),
    "status_incomplete": ("数据不全", "incomplete"),
    "status_skipped": ("未判定", "skipped"),
    "unit_pass": ("达标", "met"),
    "unit_fail": ("未达标", "missed"),
    "unit_n/a": ("不适用", "n/a"),
    "unit_missing": ("缺数据", "no figure"),
    "reason_missing_units": (
        "{count} 个单位缺数据(未填报,或所填无法识别):{units}",
        "{count} unit(s) without a figure (not reported, or not readable): {units}",
    ),
    "reason_failing_units": (
        "{count} 个单位未达标:{units}",
        "{count} unit(s) below the goal: {units}",
    ),
    "reason_fell_units": (
        "{count} 个单位未较上年改善:{units}",
        "{count} unit(s) did not improve on last year: {units}",
    ),
    "reason_city_row_absent": (
        "数据中没有{city}一行({units}),这项{owner}的工作无从判定",
        "the data has no {city} row of the city itself ({units}): this act of {owner} "
        "cannot be judged",
    ),
    "reason_placeless_rows": (
        "{count} 行填了数字但单位名称为空或无法识别,未计入(首见 {file} 第 {line} 行):"
        "这些数字属于哪个单位无从判断,请补填单位名称(合并单元格请取消合并并逐行填写)",
        "{count} row(s) hold figures but no unit name that can be read, and were not counted "
        "(first: {file} line {line}): whose figures they are cannot be told; fill in the unit "
        "name (unmerge merged cells and fill every row)",
    ),
    "reason_city_row_blank": (
        "{units} 未填报此项",
        "{units} did not answer",
    ),
    "reason_counties_not_city": (
        "{units} 填了“是”,但这是{owner}的工作,以 {city} 的填报为准",
        "{units} answered yes, but this is {owner}'s own act: {city}'s answer decides",
    ),
    "reason_baseline_full_year": (
        "上年基数是全年数,本年数据截至 {as_of},两者口径不同;宜用上年同期数作基数"
        "(上年文件的填报日期写上年同日)",
        "last year's figures are for the whole year, this year's only to {as_of}: use last "
        "year's same-period figures (a baseline file dated the same day last year)",
    ),
    "reason_no_baseline": (
        "需要上年基数才能判定,请用 --baseline 提供上年数据",
        "needs last year's figures to judge; give them with --baseline",
    ),
    "reason_no_applicable_unit": (
        "没有适用的单位(分母均为 0 或不适用)",
        "no unit applies (every denominator is 0 or not applicable)",
    ),
    "reason_column_absent": (
        "数据中没有 {columns} 列,或该列全部为空",
        "the data has no {columns} column, or it is blank in every row",
    ),
    "reason_no_yes": (
        "没有单位填报“是”",
        "no unit answered yes",
    ),
    "reason_expected_missing": (
        "应报单位未出现在数据中:{units}",
        "expected units absent from the data: {units}",
    ),
    # --- report wording ---
    "col_item": ("条目", "Item"),
    "col_id": ("编号", "Id"),
    "col_scope": ("范围", "Scope"),
    "col_paced": ("进度", "Timing"),
    "col_deadline": ("截止", "Deadline"),
    "coverage_qualitative": (
        "未核查:定性要求,没有可计数的内容",
        "not checked: qualitative, nothing to count",
    ),
    "coverage_low_value": ("未核查:是/否类事项,核查价值低", "not checked: a yes/no of low value"),
    "coverage_no_figure": (
        "未核查:没有计划年度的具体数字或期限",
        "not checked: no figure or date for the plan's year",
    ),
    "coverage_total": (
        "共 {checked} 项承诺有目标核查,{unchecked} 项未核查(原因如上)",
        "{checked} commitments checked by a goal, {unchecked} not checked (reasons above)",
    ),
    "scope_city": ("{whole}", "{whole}"),
    "scope_each_unit": ("每个单位", "each unit"),
    "scope_city_row": ("{owner}", "{owner}"),
    "scope_counties": ("各{unit_word}", "{unit_word}"),
    "paced": ("按序时进度", "paced"),
    "always": ("须始终满足", "must always hold"),
    "col_goal": ("目标", "Goal"),
    "col_actual": ("实际", "Actual"),
    "col_target": ("目标值", "Target"),
    "col_completion": ("完成度", "Done"),
    "col_status": ("状态", "Status"),
    "col_unit": ("单位", "Unit"),
    "col_figure": ("数据", "Figure"),
    "col_file": ("文件", "File"),
    "col_where": ("位置", "Where"),
    "col_column": ("列", "Column"),
    "col_value": ("原值", "Value"),
    "col_problem": ("问题", "Problem"),
    "col_accepted": ("可接受", "Accepted"),
    "report_files": ("数据文件:{files}", "data files: {files}"),
    "report_targets": ("目标文件:{path}", "targets: {path}"),
    "report_roster": ("应报名单:{path}({count} 个单位)", "roster: {path} ({count} units)"),
    "report_no_roster": (
        "未提供应报名单,无法发现没有填报的单位(用 --units 名单文件,或 targets.yaml 的 units:)",
        "no roster: units that did not report cannot be found (give --units FILE, or units: "
        "in targets.yaml)",
    ),
    "report_file_info": ("{path}({encoding},{rows} 行)", "{path} ({encoding}, {rows} rows)"),
    "report_baseline_info": (
        "{path}({encoding},{rows} 行,上年基数)",
        "{path} ({encoding}, {rows} rows, last year)",
    ),
    "report_units_behind": (
        "需关注的目标(未达标、数据不全、滞后、尚未达标、未判定,或有单位落后、缺数据):各单位情况",
        "Goals to watch (missed, incomplete, behind, open, not judged, or a unit behind or "
        "without a figure): the units",
    ),
    "report_generated": ("生成时间:{time}", "generated: {time}"),
    "report_working": ("各目标的计算过程", "How every figure is computed"),
    "working_yes": ("填报“是”的单位", "units answering yes"),
    "report_problems": ("数据问题({count} 处)", "Data problems ({count})"),
    "report_problems_warnings": (
        "数据问题({count} 处)· 提示({warnings} 处)",
        "Data problems ({count}) · warnings ({warnings})",
    ),
    "problems_by_kind": ("按文件、列和问题汇总:", "by file, column and problem:"),
    "col_count": ("处数", "Count"),
    "col_first": ("首次出现", "First at"),
    "full_list": (
        "逐条清单:加 -v 在此全部列出,或另存 --problems problems.csv(供填报单位逐条修改)、"
        "-o report.html / report.json",
        "Every problem: add -v to list them here, or save --problems problems.csv (for the "
        "clerks to fix), -o report.html / report.json",
    ),
    "more_units": ("… 另有 {count} 个单位(加 -v 全部列出)", "… {count} more units (-v lists all)"),
    "report_summary": ("共 {total} 项目标:{counts}", "{total} goals: {counts}"),
    "count_pass": ("达标 {n}", "{n} met"),
    "count_on_pace": ("进度正常 {n}", "{n} on pace"),
    "count_behind": ("滞后 {n}", "{n} behind"),
    "count_not_yet": ("尚未达标 {n}", "{n} open"),
    "count_fail": ("未达标 {n}", "{n} missed"),
    "count_incomplete": ("数据不全 {n}", "{n} incomplete"),
    "count_skipped": ("未判定 {n}", "{n} skipped"),
    "count_problems": ("数据问题 {n}", "{n} data problem(s)"),
    "count_warnings": ("提示 {n}", "{n} warning(s)"),
    "box_problems": ("数据问题", "data problems"),
    "box_warnings": ("提示", "warnings"),
    "report_as_of": (
        "核查日期:{date},全年序时进度 {share}({days}/{total} 天)",
        "as of {date}: {share} of the year gone ({days}/{total} days)",
    ),
    "pace_ahead": ("快于序时进度 {points} 个百分点", "{points} points ahead of pace"),
    "pace_behind": ("慢于序时进度 {points} 个百分点", "{points} points behind pace"),
    "pace_even": ("与序时进度持平", "exactly on pace"),
    "pace_ahead_short": ("快 {points} 个百分点", "+{points} pts"),
    "pace_behind_short": ("慢 {points} 个百分点", "−{points} pts"),
    "pace_even_short": ("持平", "even"),
    "col_expected": ("序时进度", "Due by now"),
    "col_pace": ("进度差", "Pace"),
    "baseline_change": ("上年 {base},变化 {change}", "last year {base}, change {change}"),
    "quota_of": ("任务 {quota}", "quota {quota}"),
    "quota_expected": ("任务 {quota},序时 {expected}", "quota {quota}, due {expected}"),
    "reason_behind_units": (
        "{count} 个单位尚未达标:{units}",
        "{count} unit(s) not there yet: {units}",
    ),
    "reason_below_quota_units": (
        "{count} 个单位未完成分解任务:{units}",
        "{count} unit(s) below their quota: {units}",
    ),
    "reason_not_yet_units": (
        "{count} 个单位尚未达标:{units}",
        "{count} unit(s) not there yet: {units}",
    ),
    "reason_behind_quota_units": (
        "{count} 个单位慢于分解任务的序时进度:{units}",
        "{count} unit(s) behind the pace of their quota: {units}",
    ),
    "reason_baseline_incomplete": (
        "上年数据不全,无法比较:{units}",
        "last year's figures are incomplete, cannot compare: {units}",
    ),
    "gap": (
        "实际 {actual},目标 {target},差 {gap}",
        "actual {actual}, target {target}, short by {gap}",
    ),
    "gap_unchanged": (
        "实际 {actual},目标 {target},{gap}",
        "actual {actual}, target {target}: {gap}",
    ),
    "points": ("{points} 个百分点", "{points} percentage points"),
    "gap_city_moved_up": (
        "{whole}提高 {change};{units}未提高",
        "{whole}: up by {change}; {units} did not rise",
    ),
    "gap_city_moved_down": (
        "{whole}减少 {change};{units}未减少",
        "{whole}: down by {change}; {units} did not fall",
    ),
    "gap_unchanged_up": ("与上年持平,未提高", "unchanged on last year, not raised"),
    "gap_unchanged_down": ("与上年持平,未减少", "unchanged on last year, not reduced"),
    "op_>=": ("不低于", "at least"),
    "op_>": ("高于", "more than"),
    "op_<=": ("不高于", "at most"),
    "op_<": ("低于", "less than"),
    "op_==": ("等于", "exactly"),
    "alert_green": ("绿", "green"),
    "alert_yellow": ("黄", "yellow"),
    "alert_red": ("红", "red"),
    "alert_basis": (
        "三色预警:● 绿 = 达标或进度正常;▲ 黄 = 滞后于序时进度不超过 {red} 个百分点,"
        "或尚未达标(尚未完成)、未判定;■ 红 = 滞后超过 {red} 个百分点,或未达标、数据不全、缺数据",
        "Alerts: ● green = met or on pace; ▲ yellow = at most {red} points behind pace, or open "
        "(not met yet), or not judged; ■ red = more than {red} points behind, or missed, "
        "incomplete, no figure",
    ),
    "alert_basis_tolerance": (
        "三色预警:● 绿 = 达标、进度正常或滞后不超过 {yellow} 个百分点;▲ 黄 = 滞后 {yellow}-{red} "
        "个百分点,或尚未达标(尚未完成)、未判定;■ 红 = 滞后超过 {red} 个百分点,"
        "或未达标、数据不全、缺数据",
        "Alerts: ● green = met, on pace or at most {yellow} points behind; ▲ yellow = "
        "{yellow}-{red} points behind, or open (not met yet), or not judged; ■ red = more "
        "than {red} points behind, or missed, incomplete, no figure",
    ),
    "overview_heading": ("各单位完成情况一览表", "Units at a glance"),
    "ranking_heading": ("排名", "Ranking"),
    "rank_city": ("不排名", "not ranked"),
    "rank_not_sent": ("未报送", "not sent"),
    "rate_above": ("高于目标 {points} 个百分点", "{points} points above target"),
    "rate_below": ("低于目标 {points} 个百分点", "{points} points below target"),
    "rate_level": ("恰好达到目标", "exactly at the target"),
    "rate_above_short": ("高{points}点", "+{points} pts"),
    "rate_below_short": ("低{points}点", "−{points} pts"),
    "rate_level_short": ("恰好达到", "at target"),
    "targets_unknown_veto": (
        "一票否决的目标 {id} 不在本文件的 {known} 个目标中:请写 rules 中的 id",
        "the veto goal {id} is not one of this file's {known} goals: write a rule's id",
    ),
    "rank_vetoed": ("(否决)", " (veto)"),
    "rank_new": ("新", "new"),
    "rank_same": ("持平", "same"),
    "no_change": ("持平", "no change"),
    "col_rank": ("排名", "Rank"),
    "csv_status": ("状态代码", "status code"),
    "csv_actual": ("实际", "actual"),
    "csv_comparison": ("比较", "comparison"),
    "csv_target": ("目标值", "target"),
    "csv_numerator": ("分子", "numerator"),
    "csv_denominator": ("分母", "denominator"),
    "csv_expected": ("序时应完成", "due by now"),
    "csv_pace": ("进度差(百分点)", "pace (points)"),
    "csv_quota": ("分解任务", "quota"),
    "csv_baseline": ("上年", "last year"),
    "csv_previous": ("上期", "previous"),
    "csv_change": ("较上期", "change"),
    "csv_met": ("达标数", "met"),
    "csv_judged": ("判定数", "judged"),
    "csv_previous_rank": ("上期排名", "previous rank"),
    "col_met": ("达标/判定", "Met/judged"),
    "col_score": ("得分", "Score"),
    "col_mean_completion": ("平均完成度", "Mean completion"),
    "col_alert": ("预警", "Alert"),
    "col_rank_change": ("较上期", "Change"),
    "col_change": ("较上期", "Since last"),
    "change_inline": ("较上期 {change}", "{change} since last time"),
    "ranking_basis_met_share": (
        "得分 = 达标目标数 ÷ 判定目标数(只计约束到本单位的目标:每个单位都须达到的、"
        "任务分解的、较本单位上年的)",
        "Score = goals met ÷ goals judged (only goals that bind the unit: every unit must "
        "meet it, its quota, its own last year)",
    ),
    "ranking_basis_completion": (
        "得分 = 本单位各项任务的平均完成度(单项最高计 100%)",
        "Score = mean completion of the unit's own targets (each capped at 100%)",
    ),
    "ranking_ties_completion": (
        ";得分相同时按序时进度类目标的平均完成度排",
        "; equal scores are ordered by mean completion of the paced goals",
    ),
    "ranking_ties_shared": (";得分相同者名次并列", "; equal scores share a rank"),
    "ranking_veto": (
        ";一票否决:{goals},未达到的单位排在所有达到的单位之后",
        "; veto (一票否决): {goals}: a unit that misses it ranks below every unit that met it",
    ),
    "ranking_not_sent": (
        ";未报送的单位列出但不排名",
        "; units that sent nothing are listed as not sent, not ranked",
    ),
    "ranking_city_apart": (
        ";{city}单位列出但不参加排名",
        "; the city's own row ({city}) is listed, not ranked",
    ),
    Code.PREVIOUS_NOT_EARLIER: (
        "上期报告的核查日期 {previous} 不早于本期 {now}:较上期的变化不是此后的进展,请确认上期报告",
        "the previous report is as of {previous}, not before this one ({now}): the changes "
        "are not progress since then; check the previous report",
    ),
    "and_more": ("等另 {count} 个", "and {count} more"),
    "previous_line": ("较上期:{path}(核查日期 {as_of})", "Compared with {path} (as of {as_of})"),
    "final": ("全年", "full year"),
    "previous_goals_new": (
        "上期没有的目标 {count} 项:{names}",
        "{count} goal(s) new since then: {names}",
    ),
    "previous_goals_gone": (
        "上期有、本期没有的目标 {count} 项:{names}",
        "{count} goal(s) in the previous report only: {names}",
    ),
    "previous_units_new": (
        "上期没有的单位 {count} 个:{names}",
        "{count} unit(s) new since then: {names}",
    ),
    "previous_units_gone": (
        "上期有、本期未报送的单位 {count} 个:{names}",
        "{count} unit(s) in the previous report only: {names}",
    ),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "units_yes": ("{count} 个单位", "{count} units"),
    "units_yes_one": ("{count} 个单位", "{count} unit"),
    "counties_yes": ("{count} 个县", "{count} counties"),
    "counties_yes_one": ("{count} 个县", "{count} county"),
    "not_answered": ("未填报", "not answered"),
    "baseline": ("上年基数", "baseline"),
    "line": ("第 {line} 行", "line {line}"),
    "severity_warning": ("提示", "warning"),
    # --- verdicts a 督导 official would sign (#22) ---
    "reason_no_county_answered": ("没有{unit_word}填报", "none of the {unit_word} answered"),
    "reason_no_county_answered_city_not_counted": (
        "没有{unit_word}填报;{city}不计",
        "none of the {unit_word} answered; the {city} row does not count",
    ),
    "reason_no_unit_answered": ("没有单位填报", "no unit answered"),
    "reason_held_full": (
        "保持 100%:已是最高,保持即达标",
        "held at 100%: it cannot rise further, and holding it meets the goal",
    ),
    "reason_held_zero": (
        "保持 0:已降至 0,保持即达标",
        "held at 0: it cannot fall further, and holding it meets the goal",
    ),
    "reason_missing_met_units": (
        "{count} 个单位未填报:{units};已报单位合计已达目标,无论其填报多少均达标",
        "{count} unit(s) did not report: {units}; the units that reported already meet "
        "the goal, whatever the others report",
    ),
    "reason_missing_missed_units": (
        "{count} 个单位未填报:{units};已报单位合计已超出目标,无论其填报多少均未达标",
        "{count} unit(s) did not report: {units}; the units that reported already miss "
        "the goal, whatever the others report",
    ),
    "reason_no_county_yes": ("没有{unit_word}填报“是”", "none of the {unit_word} answered yes"),
    # --- like-for-like: comparisons over time (较上年, 较上期) ---
    "reason_unlike_absent_now_units": (
        "两年单位不同,不能同比:{count} 个单位上年有数,本年没有报送:{units}",
        "the two years do not cover the same units: {count} unit(s) with figures last year "
        "sent nothing this year: {units}",
    ),
    "reason_unlike_absent_before_units": (
        "两年单位不同,不能同比:{count} 个单位本年有数,上年文件中没有:{units}",
        "the two years do not cover the same units: {count} unit(s) with figures this year "
        "are not in last year's files: {units}",
    ),
    "reason_unlike_missing_now_units": (
        "两年单位不同,不能同比:{count} 个单位本年未填报:{units}",
        "the two years do not cover the same units: {count} unit(s) left this year's figure "
        "blank: {units}",
    ),
    "reason_unlike_missing_before_units": (
        "两年单位不同,不能同比:{count} 个单位上年未填报:{units}",
        "the two years do not cover the same units: {count} unit(s) left last year's figure "
        "blank: {units}",
    ),
    "reason_unlike_na_now_units": (
        "两年单位不同,不能同比:{count} 个单位本年不适用(填“/”,或分母、权数为 0),上年有数:{units}",
        "the two years do not cover the same units: {count} unit(s) not applicable this year "
        '("/", or a zero denominator or weight) but with figures last year: {units}',
    ),
    "reason_unlike_na_before_units": (
        "两年单位不同,不能同比:{count} 个单位上年不适用(填“/”,或分母、权数为 0),本年有数:{units}",
        "the two years do not cover the same units: {count} unit(s) not applicable last year "
        '("/", or a zero denominator or weight) but with figures this year: {units}',
    ),
    "reason_same_units": (
        "同口径(两年都有数的 {count} 个单位):本年 {now} {sign} 上年 {before},{verdict}"
        "(仅供参考:补齐或说明上述单位后才判定)",
        "same units (the {count} unit(s) with figures in both years): this year {now} {sign} "
        "last year {before}, {verdict} (for information: judged once the units above are "
        "completed or explained)",
    ),
    "same_units_met": ("按此口径达标", "met on these units"),
    "same_units_missed": ("按此口径未达标", "missed on these units"),
    Code.WEIGHT_ZERO_WITH_VALUE: (
        "权数为 0,旁边却填了{value_column}:加权平均不能计入这一行",
        "a weight of 0 beside a figure in {value_column}: a weighted mean cannot count this row",
    ),
    "accepted_weight_positive": (
        "权数须大于 0;不适用时{value_column}和权数都填“/”",
        'a weight above 0; where not applicable, "/" in both {value_column} and the weight',
    ),
    "change_same_units": ("{change}(同口径)", "{change} (same units)"),
    "reason_previous_same_units": (
        "较上期按两期都有数的 {count} 个单位计(同口径):{change};"
        "全部单位合计 {all}(口径不同,仅供参考)",
        "change since last time over the {count} unit(s) with figures in both reports "
        "(same units): {change}; over all units {all} (not like for like, for information)",
    ),
    "reason_previous_only_now_units": (
        "{count} 个单位只在本期有数,未计入较上期:{units}",
        "{count} unit(s) with figures this time only, left out of the change: {units}",
    ),
    "reason_previous_only_before_units": (
        "{count} 个单位只在上期有数,未计入较上期:{units}",
        "{count} unit(s) with figures last time only, left out of the change: {units}",
    ),
    Code.YEAR_TO_DATE_FELL: (
        "{unit} 的年度累计数比上期减少:{goal} 上期 {before},本期 {now};累计数不应减少,请核实",
        "{unit}'s year-to-date figure fell since last time: {goal} {before} then, {now} "
        "now; a year-to-date figure does not fall: please check",
    ),
    "accepted_year_to_date": (
        "年初至今的累计数,不小于上期所报",
        "the total since the start of the year, not below the last report's",
    ),
    # --- like-for-like: dates ---
    Code.REPORT_DATE_OUTSIDE_PLAN: (
        "填报日期 {date} 不在计划年度({start} 至 {end})内,疑为沿用上年的报表:"
        "核查日期不取此日期,此文件的数据也不按它计算序时进度",
        "report date {date} is outside the plan's year ({start} to {end}), perhaps last "
        "year's form: the check is not dated by it, nor are this file's figures paced by it",
    ),
    "accepted_date_in_plan": (
        "计划年度内的填报日期({start} 至 {end}),即数据截至的日期",
        "a report date within the plan's year ({start} to {end}): the day the figures run to",
    ),
    Code.REPORT_DATE_STALE: (
        "填报日期 {date} 早于其他 {agree} 个文件或工作表的 {as_of}:"
        "视为留存的上期旧表,其 {rows} 行未计入(不合计,也不算重复填报)",
        "report date {date} is before {as_of}, the date of the other files or sheets "
        "({agree}): taken as an earlier report kept by mistake, its rows ({rows}) are not "
        "read (not summed, not taken as repeats)",
    ),
    Code.REPORT_DATE_AHEAD: (
        "填报日期 {date} 晚于其他 {agree} 个文件或工作表的 {as_of}:"
        "与它们不是同一期的报表,其 {rows} 行未计入(不合计,也不算重复填报)",
        "report date {date} is after {as_of}, the date of the other files or sheets "
        "({agree}): not the same report as theirs, its rows ({rows}) are not read (not "
        "summed, not taken as repeats)",
    ),
    Code.REPORT_DATE_STALE_UNITS: (
        "{count} 个单位只在此表中填报,此表未计入,按未填报处理:{units}",
        "{count} unit(s) reported only here, which is not read: taken as not submitted: {units}",
    ),
    "accepted_as_of_date": (
        "与其余报表相同的填报日期 {date}:删去旧表,或改正日期后重新报送",
        "the report date the others share, {date}: remove the old sheet, or correct the date",
    ),
    "as_of_from_option": (";日期由 --as-of 指定", "; the date given with --as-of"),
    "as_of_from_files": (
        ";日期取自 {count} 个文件或工作表的填报日期",
        "; the report date of {count} file(s) or sheet(s)",
    ),
    "as_of_from_set_aside": (
        ";填报日期不同、未计入:{names}",
        "; dated otherwise and not read: {names}",
    ),
    # --- like-for-like: smaller items (outputs, targets text, YAML 1.1) ---
    Code.OUTPUT_TWICE: (
        "{first} 和 {second} 都要写入 {path},后写的会覆盖先写的;请给它们不同的文件名",
        "{first} and {second} both name {path}: one would overwrite the other; "
        "give them different names",
    ),
    Code.OUTPUT_NOT_REGULAR: (
        "{option} {path} 不是普通文件(文件夹、管道或设备),不会写入;请给一个文件名",
        "{option} {path} is not a regular file (a folder, a pipe or a device): nothing is "
        "written to it; name a file",
    ),
    Code.OUTPUT_IS_INPUT_OF: (
        "{option} {output} 就是输入文件 {input}({role}),不会覆盖;请换一个输出文件名",
        "{option} {output} is the input {input} ({role}); it is not overwritten: "
        "choose another name",
    ),
    "output_role_data": ("数据文件", "a data file"),
    "targets_yaml11_number": (
        '{value} 在 YAML 1.1 中读作 {read},不是所写的数:数字请写 {fix},文本请加引号写作 "{value}"',
        "{value} reads as {read} in YAML 1.1, not as written: write {fix} for the number, "
        'or "{value}" in quotes for text',
    ),
    "targets_yaml11_base60": (
        '{value} 在 YAML 1.1 中按六十进制读作 {read}:文本(如时刻)请加引号写作 "{value}",'
        "数字请直接写出",
        '{value} reads as {read} in YAML 1.1 (base 60): write "{value}" in quotes for text '
        "such as a time, or the number itself",
    ),
    "targets_yaml11_bool": (
        "{field} 须为数字,收到 {value}(YAML 1.1 把它读作是/否):请写数字",
        "{field} must be a number, got {value} (YAML 1.1 reads it as true/false): write the number",
    ),
    # --- like-for-like: identity (one identity per unit, school and student) ---
    Code.ROWS_WITHOUT_FIGURES: (
        "{count} 行只写了单位名称、没有任何数字(如填报表中未填的行),不算这些单位的填报:{rows}",
        "{count} row(s) name a unit but hold no figure (rows of the form left blank); they "
        "are no submission of those units: {rows}",
    ),
    "accepted_rows_with_figures": (
        "只保留本单位填了数字的行;未填的行可删去",
        "only the rows your unit filled in; blank rows may be deleted",
    ),
    Code.SCHOOL_TOTAL_ROW: (
        "学校列中的小计/合计行已忽略:plan-check 自行汇总各学校数据",
        "subtotal row in the school column ignored: plan-check adds up the schools itself",
    ),
    "accepted_school_name": (
        "学校名称,如 {unit_a}第一中学",
        "a school name such as {unit_a}第一中学",
    ),
    Code.KEY_FOLDS_TO_NOTHING: (
        "学校或学籍号只有空格或不可见字符,此行未计入,该单位数据不全",
        "the school or student id holds only spaces or invisible characters: the row is not "
        "counted and its unit is incomplete",
    ),
    "accepted_key": (
        "看得见的学校名称或学籍号",
        "a visible school name or student id",
    ),
    Code.DUPLICATE_NATIONAL_ID: (
        "学籍号 {student} 重复填报(第一次在 {first}):全国学籍号一人一号,同一学生不能计入两个单位,"
        "此行已忽略",
        "student id {student} is reported twice (first at {first}): a national 学籍号 is "
        "one student, who cannot count in two units; this row is ignored",
    ),
    Code.UNIT_AND_SCHOOL_ROWS_APART: (
        "单位 {unit} 既有本单位一行({whole}),又有分学校或分学生的行({parts}),所填数据各不相同:"
        "两处的数据分别计入,一处留空的数据仍按未填报处理;请只用一种方式填报",
        "unit {unit} has its own row ({whole}) and rows per school or student ({parts}) "
        "giving different figures: each is counted, and a figure left blank on either side "
        "is still not reported; report one way only",
    ),
    Code.UNIT_AND_SCHOOL_ROWS: (
        "单位 {unit} 重复填报:既有本单位一行({whole}),又有分学校或分学生的行({parts}),"
        "相同数据不能相加;在删去其一之前,该单位这些数据按数据不全处理",
        "unit {unit} is reported twice: its own row ({whole}) and rows per school or student "
        "({parts}) give the same figures; until one is removed, those figures of the unit "
        "are incomplete",
    ),
    Code.CITY_ROWS_TWICE: (
        "{city}重复填报:{unit} 与 {like}(第一次在 {first})都是{city}的行;"
        "在删去其一之前,{city}数据按数据不全处理",
        "the city's own row ({city}) is reported twice: {unit} and {like} (first at {first}); "
        "until "
        "one is removed, the city row's figures are incomplete",
    ),
    "accepted_one_place": (
        "每个单位只报一处:本单位一行,或分学校各行(不另加合计行);{city}只报一行",
        "each unit once: its own row, or one row per school (no total row beside them); "
        "one {city} row",
    ),
    Code.ROW_ABOVE_HEADER: (
        "表头(第 {header} 行)之上的这一行像是数据({unit}),不会被读取,该单位数据不全;"
        "请把它移到表头下方",
        "this row above the header (line {header}) looks like data ({unit}); it is not "
        "read and its unit is incomplete; move it below the header",
    ),
    "accepted_below_header": ("数据行都在表头之下", "every data row below the header"),
    "ex_rows": ("行:", "Rows:"),
    "ex_one_identity": (
        "单位、学校、学籍号按同一写法比较:空格、不可见字符、全角、繁体、字母大小写不同仍是同一个;"
        "重复的行只算一次",
        "units, schools and student ids are one whatever their spaces, invisible characters, "
        "full-width forms, traditional characters or letter case; a repeated row counts once",
    ),
    "ex_blank_row": (
        "只写单位名称、没有任何数字的行(如填报表中未填的行)不算该单位的填报",
        "a row naming a unit without any figure (a blank row of the form) is no report of "
        "that unit",
    ),
    "ex_one_row": (
        "合计、小计行不计;本单位一行与分学校的行报同一数据,或{city}报了两行:按数据不全处理",
        "total and subtotal rows are skipped; a unit's own row beside its schools' rows for "
        "the same figures, or two {city} rows: incomplete",
    ),
    # --- like-for-like: reader bounds ---
    Code.FILE_UTF32: (
        "文件 {path} 是 UTF-32 编码,plan-check 不支持;请另存为 UTF-8 或 GB18030 编码的 CSV",
        "{path} is encoded as UTF-32, which plan-check does not read: save it as UTF-8 or "
        "GB18030 CSV",
    ),
    # --- like-for-like: review ---
    Code.STUDENT_ID_SCIENTIFIC: (
        "学籍号写成了科学计数法(Excel 把长数字当作数值,后几位已丢失),无法区分学生;"
        "此行不计,其单位按数据不全处理",
        "the student id is in scientific notation (Excel took a long number as a value and "
        "lost its last digits), so students cannot be told apart: the row is not counted, "
        "and its unit is incomplete",
    ),
    "accepted_student_id": (
        "完整的学籍号,如 G110101200001010001;在 Excel 中把该列设为“文本”后重新录入或粘贴",
        "the whole student id, such as G110101200001010001: set the column to Text in "
        "Excel, then type or paste the ids again",
    ),
    Code.REPORT_DATE_NEAR: (
        "填报日期 {date} 与同月其他报表的 {as_of} 不同:按同一期报表计入,序时进度按 {as_of} 计算",
        "report date {date} differs from {as_of}, the date of this month's other reports: "
        "read as the same month's report, paced as of {as_of}",
    ),
    Code.TEMPLATE_FORMAT_MISMATCH: (
        "-o {path} 的扩展名与 --format {format} 不符:去掉 --format,或把文件名改为对应的扩展名",
        "-o {path} does not match --format {format}: leave out --format, or name the file "
        "with its extension",
    ),
    Code.UNITS_FILE_BLANK_NAME: (
        "应报名单 {path} 第 {line} 行只有不可见字符,不是单位名称:请删去该行",
        "{path} line {line} holds only invisible characters, no unit name: delete the line",
    ),
    # --- history ---
    Code.HISTORY_NOT_FILE: (
        "历史文件 {path} 不是普通文件(是文件夹、FIFO 或设备):--history 需要一个 SQLite 文件的路径,"
        "文件不存在时会新建",
        "history file {path} is not a regular file (a folder, a FIFO or a device): --history "
        "takes the path of an SQLite file, made when it does not exist",
    ),
    Code.HISTORY_NOT_SQLITE: (
        "历史文件 {path} 不是 SQLite 数据库({reason}),未作任何改动:请给 plan-check 建立的历史文件,"
        "或一个尚不存在的文件名",
        "history file {path} is not an SQLite database ({reason}) and was left as it was: give "
        "a history file plan-check made, or the name of a file that does not exist yet",
    ),
    Code.HISTORY_NOT_OURS: (
        "{path} 不是 plan-check 的历史文件(另一程序的数据库,或缺少历史表),未作任何改动:"
        "请给 plan-check 建立的历史文件,或一个尚不存在的文件名",
        "{path} is not a plan-check history (another application's database, or its tables "
        "are missing) and was left as it was: give a history file plan-check made, or the name "
        "of a file that does not exist yet",
    ),
    Code.HISTORY_NEWER: (
        "历史文件 {path} 由更新版本的 plan-check 写成(格式版本 {found},本版本只读到 {supported}),"
        "未作任何改动:请升级 plan-check",
        "history file {path} was written by a newer plan-check (format {found}; this version "
        "reads up to {supported}) and was left as it was: upgrade plan-check",
    ),
    Code.HISTORY_BUSY: (
        "历史文件 {path} 正被另一次核查写入,等了 {seconds} 秒仍未完成,本次未记录:稍后再运行",
        "history file {path} is being written by another run and stayed busy for {seconds} s; "
        "this run was not recorded: run it again later",
    ),
    Code.HISTORY_UNUSABLE: (
        "无法读写历史文件 {path}({reason}),文件保持原样",
        "cannot use history file {path} ({reason}); the file was left as it was",
    ),
    Code.HISTORY_MISSING: (
        "历史文件 {path} 不存在:先用 plan-check validate … --history {path} 记录一次核查",
        "history file {path} does not exist: record a check first with plan-check validate "
        "… --history {path}",
    ),
    Code.HISTORY_REPLACED: (
        "历史文件中已有 {as_of} 的核查结果,已用本次结果替换",
        "the history already held a check as of {as_of}: replaced by this one",
    ),
    Code.HISTORY_AND_PREVIOUS: (
        "--history 与 --previous 只能用一个:有历史文件时,较上期取自其中上一次核查",
        "use --history or --previous, not both: with a history, the change is since its last "
        "earlier run",
    ),
    Code.HISTORY_UNKNOWN_GOAL: (
        "历史文件 {path} 中没有目标 {goal};相近的:{close}",
        "history file {path} has no goal {goal}; the closest: {close}",
    ),
    "history_empty": ("历史文件 {path} 中还没有核查记录", "history file {path} holds no run yet"),
    "history_plan": (
        "{title}(目标文件指纹 {fingerprint})",
        "{title} (targets fingerprint {fingerprint})",
    ),
    "history_points": ("{points} 个百分点", "{points} points"),
    "col_as_of": ("核查日期", "As of"),
    "col_recorded": ("记录时间", "Recorded"),
    "col_trend": ("趋势", "Trend"),
    "charts_heading": ("进度走势", "Progress over the year"),
    "charts_trend": (
        "全部目标的预警走势(●绿 ▲黄 ■红,个数)",
        "All goals by alert (● green ▲ yellow ■ red, count)",
    ),
    "charts_legend": (
        "实线:各次核查的完成数,点的形状为当次预警(●绿 ▲黄 ■红);"
        "虚线:序时进度(年初为 0,截止日达到目标)",
        "solid line: the figure at each check, each point in the shape of its alert (● green "
        "▲ yellow ■ red); dashed line: 序时进度, the pace (0 at the start of the year, the "
        "target on the deadline)",
    ),
    "charts_missing": (
        "未安装 matplotlib,图表以表格代替:pip install 'plan-check[charts]' 后即可画出",
        "matplotlib is not installed, so the charts are shown as a table: pip install "
        "'plan-check[charts]' draws them",
    ),
    # --- plan calendar, plan words, lint slips (issue 23) ---
    "item_number": ("第 {item} 条", "item {item}"),
    "item_named": ("{item}", "item {item}"),
    "targets_no_period_start": (
        "缺少 period_start:计划的起始日,如 2024-01-01。序时进度从这一天算起;"
        "没有写 deadline 的目标,到这一天起一年的最后一天(2024-12-31)截止",
        "period_start is missing: the plan's first day, such as 2024-01-01. 序时进度 counts "
        "from it; a goal without a deadline is due on the last day of the year it begins "
        "(2024-12-31)",
    ),
    "targets_yaml_block_sign": (
        "YAML 把开头的 > 或 | 读作多行文本的记号:请加引号,写作 {key}: '{value}'",
        "YAML reads a leading > or | as the sign of folded text: quote it, {key}: '{value}'",
    ),
    "targets_yaml_colon": (
        "YAML 写法有误:此处的“: ”不能出现在值里;含冒号的文字请加引号,或检查上一行的缩进",
        "YAML syntax error: a ': ' cannot stand here; quote text holding a colon, or check "
        "the indentation of the line above",
    ),
    "targets_yaml_tab": (
        "YAML 写法有误:不能用 Tab 缩进,请改用空格",
        "YAML syntax error: indent with spaces, not tabs",
    ),
    "targets_yaml_no_colon": (
        "YAML 写法有误:缺少“键: 值”中的冒号,或冒号后少了空格",
        "YAML syntax error: a 'key: value' lacks its colon, or the space after it",
    ),
    "targets_yaml_bracket": (
        "YAML 写法有误:方括号 [ ] 没有闭合,或两项之间少了逗号",
        "YAML syntax error: a [ ] list is not closed, or lacks a comma between two items",
    ),
    "targets_yaml_brace": (
        "YAML 写法有误:花括号(大括号)没有闭合,或两项之间少了逗号",
        "YAML syntax error: a mapping in braces is not closed, or lacks a comma between two items",
    ),
    "targets_yaml_unclosed": (
        "YAML 写法有误:引号或括号到文件末尾还没有闭合",
        "YAML syntax error: a quote or bracket is still open at the end of the file",
    ),
    "targets_yaml_escape": (
        "YAML 写法有误:双引号里的反斜杠 \\ 须成对写 \\\\,或改用单引号",
        "YAML syntax error: a backslash in double quotes must be doubled, or use single quotes",
    ),
    "targets_yaml_indent": (
        "YAML 写法有误:缩进不齐;同一层的键和列表项须对齐",
        "YAML syntax error: the indentation is uneven; keys and items of one level must align",
    ),
    "targets_yaml_reserved": (
        "YAML 写法有误:以 @、` 或 Tab 开头的值须加引号",
        "YAML syntax error: a value starting with @, ` or a tab must be quoted",
    ),
    "targets_yaml_hex": (
        '{value} 被 YAML 读作十六进制数 {read}:数字请写 {read},文本请加引号写作 "{value}"',
        "{value} reads as the hexadecimal number {read}: write {read} for the number, or "
        '"{value}" in quotes for text',
    ),
    "targets_yaml_bad_tagged": (
        "{value} 标为数字(!!int、!!float)却读不出数:请去掉标签,直接写数字",
        "{value} is tagged as a number (!!int, !!float) but is none: drop the tag and write "
        "the number",
    ),
    "targets_ratio_bare": (
        "比率的目标写成 {value},即 {percent},不会是本意:写 {value}% 或 {fraction}",
        "a ratio's target of {value} means {percent}, surely not what is meant: write "
        "{value}% or {fraction}",
    ),
    "targets_scope_unsupported": (
        "kind: {kind} 不支持 scope: {scope}(不会逐个单位核查);可用的 scope:{scopes}",
        "kind: {kind} does not judge scope: {scope} (no unit would be judged); its scopes: "
        "{scopes}",
    ),
    "targets_trend_needs_baseline": (
        "each_unit_trend 只用于 target: baseline(与上年比较):请删去它,或把 target 写成 baseline",
        "each_unit_trend applies to target: baseline only (a comparison with last year): "
        "drop it, or write target: baseline",
    ),
    "targets_accrues_not_a_total": (
        "accrues: true 只用于随时间累加的总数;比率、均值、是/否和与上年比较的目标不按序时进度核查:"
        "请删去 accrues",
        "accrues: true is for totals that build up over the year; a ratio, a mean, a yes/no "
        "or a comparison with last year is not paced: drop accrues",
    ),
    "targets_accrues_always": (
        "accrues 与 always 不能同时为 true:累加的目标按序时进度核查,always 的目标任何时候都须满足;"
        "请删去其一",
        "accrues and always cannot both be true: a paced total is judged against 序时进度, an "
        "always goal must hold at every moment; drop one",
    ),
    "targets_quote_figure": (
        "引文里的数字是 {figures},与 target {target} 不符:请核对 target 或引文",
        "the quote's figures are {figures}, not the target {target}: check the target or the quote",
    ),
    "targets_unit_header": (
        "unit_header {value} 不是读取数据时认得的单位列表头;可用:{accepted}",
        "unit_header {value} is no header the reader takes for the unit column; use one "
        "of: {accepted}",
    ),
    "targets_want_id": (
        "{field} 的写法不合要求:{got};只用小写英文字母、数字和连字符 -,"
        "以字母或数字开头,如 guopei-2024",
        "{field}: {got} is no id: lower-case letters, digits and hyphens, starting with a "
        "letter or digit, such as guopei-2024",
    ),
    "targets_want_metric_id": (
        "{field} 的写法不合要求:{got};只用小写英文字母、数字和下划线 _,"
        "以字母开头,如 guopei_trained",
        "{field}: {got} is no metric id: lower-case letters, digits and underscores, starting "
        "with a letter, such as guopei_trained",
    ),
    "targets_want_at_least": (
        "{field} 须不小于 {limit},收到 {got}",
        "{field} must be at least {limit}, got {got}",
    ),
    "targets_want_above": (
        "{field} 须大于 {limit},收到 {got}",
        "{field} must be above {limit}, got {got}",
    ),
    "targets_want_at_most": (
        "{field} 须不大于 {limit},收到 {got}",
        "{field} must be at most {limit}, got {got}",
    ),
    "targets_want_below": (
        "{field} 须小于 {limit},收到 {got}",
        "{field} must be below {limit}, got {got}",
    ),
    "targets_want_number": ("{field} 须为数字,收到 {got}", "{field} must be a number, got {got}"),
    "targets_want_places": (
        "{field} 的小数位数太多(至多 6 位),收到 {got}",
        "{field} has too many decimals (6 at most), got {got}",
    ),
    "targets_want_pair": (
        "{field} 须为两个指标的列表 [分子, 分母],收到 {got}",
        "{field} must be a list of two metrics [numerator, denominator], got {got}",
    ),
    "targets_bad_target": (
        "无法读取目标 {got}:请写数字(3000、7.6万)、百分数(96.50%)或 baseline",
        "cannot read target {got}: write a number (3000, 7.6万), a percent (96.50%) or baseline",
    ),
    "targets_bad_precision": (
        "{field} 须在 0.000001 到 1000 之间,如 0.01,收到 {got}",
        "{field} must be from 0.000001 to 1000, such as 0.01, got {got}",
    ),
    "targets_bad_quota": (
        "{field} 的任务数 {got} 读不出:请写数字,如 300 或 0.12万",
        "{field}: cannot read the quota {got}; write a number such as 300 or 0.12万",
    ),
    "targets_bad_alerts": (
        "{field} 不合要求:yellow_behind、red_behind 为 0 到 100 的百分点(至多 4 位小数),"
        "red_behind 不小于 yellow_behind;收到 {got}",
        "{field}: yellow_behind and red_behind are percentage points from 0 to 100 (4 "
        "decimals at most), red_behind at least yellow_behind; got {got}",
    ),
    "targets_alerts_order": (
        "alerts 的 red_behind({red},未写时为 30)须不小于 yellow_behind({yellow})",
        "alerts: red_behind ({red}, 30 unless given) must be at least yellow_behind ({yellow})",
    ),
    Code.REPORT_DATES_OUTSIDE_PLAN: (
        "数据的填报日期({dates})都不在计划期({start} 至 {end},目标文件 {targets})内:"
        "是上年的报表,还是用错了目标文件?请用该年度的目标文件(-t),或改正填报日期,"
        "或用 --as-of 指定核查日期",
        "every report date of the data ({dates}) is outside the plan's period ({start} to "
        "{end}, targets file {targets}): last year's forms, or the wrong targets file? Use "
        "that year's targets file (-t), correct the dates, or give --as-of",
    ),
    "targets_bad_item": (
        "{field} 须为条目编号:整数如 16,或计划自己的编号如 二(三),收到 {got}",
        "{field} must be an item number: a whole number such as 16, or the plan's own "
        "numbering such as 二(三); got {got}",
    ),
    # --- xlsx, returns, submission (issue 25) ---
    Code.CELL_BLANK: (
        "{row_unit} 须填报此格,现为空",
        "{row_unit} must fill this cell; it is blank",
    ),
    Code.CELL_BLANK_MORE: (
        "{row_unit} 另有 {count} 个此列的格为空",
        "{row_unit} leaves {count} more cells of this column blank",
    ),
    "accepted_filled": ("须填写数据,不可留空", "a figure; not to be left blank"),
    "fix_absent": (
        "未填报 {columns}(文件中没有此列,或本单位没有这一行)",
        "{columns} not reported (the file has no such column, or no row of this unit)",
    ),
    "xlsx_overview": ("一览表", "Overview"),
    "xlsx_goals": ("目标", "Goals"),
    "xlsx_problems": ("数据问题", "Problems"),
    "xlsx_overview_title": ("各单位完成情况一览表", "Each unit's figures"),
    "xlsx_goals_title": ("目标完成情况", "The goals"),
    "xlsx_problems_title": ("数据问题(含须填未填的格)", "Data problems (blank required cells too)"),
    "xlsx_as_of": ("截至 {as_of}", "as of {as_of}"),
    "xlsx_city_total": ("{whole}合计", "{whole} total"),
    "xlsx_why": ("说明", "Why"),
    "xlsx_unit_target": ("目标/任务数", "Target or quota"),
    "xlsx_to_fix": ("需修改、补报", "To fix or complete"),
    "xlsx_nothing_to_fix": ("无需修改", "Nothing to fix"),
    "col_line": ("行", "Line"),
    "col_cell": ("单元格", "Cell"),
    "col_code": ("代码", "Code"),
    "col_severity": ("级别", "Severity"),
    "severity_error": ("错误", "error"),
    "col_kind": ("类别", "Kind"),
    "col_missing": ("缺报内容", "Missing"),
    "kind_problem": ("数据有误", "unreadable"),
    "kind_blank": ("须填未填", "blank"),
    "kind_absent": ("未填报", "not reported"),
    "kind_missed": ("本单位未达标", "goal missed"),
    "returns_title": ("{unit} 退回修改单", "{unit}: to fix"),
    "returns_file": ("退回修改单-{unit}", "returns-{unit}"),
    "chase_title": ("催报名单", "Units to chase"),
    "returns_no_unit": ("无法归属到单位的问题", "Problems of no one unit"),
    "returns_no_unit_file": ("无法归属单位的问题", "no-unit"),
    "chase_file": ("催报", "chase"),
    "submission_heading": ("报送核查:{files}", "Submission check: {files}"),
    "submission_unit": ("{unit}:须填 {count} 列", "{unit}: {count} columns to fill"),
    "submission_goals": (
        "  本单位须达到的目标(仅供参考,不影响核查结果):",
        "  Its own goals (shown; they do not decide the check):",
    ),
    "submission_clean": (
        "数据齐全、无误,可以报送",
        "The data is complete and readable: ready to send",
    ),
    "submission_fix": (
        "有 {count} 处需修改或补填,请改正后再报送",
        "{count} thing(s) to fix or fill in before sending",
    ),
    Code.SUBMISSION_FORMAT: (
        "--submission 只输出 table 或 json 格式",
        "--submission prints the table or json format only",
    ),
    "returns_written": (
        "退回修改单 {count} 份、催报名单({chased} 个单位)已写入 {path}",
        "{count} return list(s) and the chase list ({chased} units) written to {path}",
    ),
    # --- coverage ---
    "targets_want_why": (
        "{field} 的值 {got} 不合要求:写 qualitative、low_value 或 no_figure,或直接用文字写明原因"
        "(中文,或 {{zh: …, en: …}},英文可省)",
        "{field}: write qualitative, low_value or no_figure, or the reason in words (Chinese "
        "text, or {{zh: …, en: …}} with English optional) (got {got})",
    ),
    "coverage_reason": ("未核查:{reason}", "not checked: {reason}"),
    "lint_unquoted": (
        "{item}“{clause}”是一项承诺,既没有目标引用,也不在 not_checked 中",
        '{item}: "{clause}" is a commitment that no rule quotes and no not_checked entry names',
    ),
    "lint_coverage_stale": (
        "{path}:工作要点有 {count} 处承诺不在覆盖清单中:为每处写一条目标,"
        "或在 not_checked 中写明不核查的原因(见 README“覆盖”一节)",
        "{path}: {count} commitment(s) of the plan in no list: write a goal for each, "
        "or a not_checked entry with the reason (README, Coverage)",
    ),
    # --- comparable ranks ---
    "rank_not_comparable": ("不可比", "not comp."),
    "ranks_not_comparable": (
        "排名所依据的目标与上期不同({goals}),名次变化不可比,不列出",
        "the ranking judged the units on other goals than last time ({goals}): rank changes "
        "are not comparable and not shown",
    ),
    "ranked_only_now": ("本期计入、上期未计入:{names}", "judged now, not then: {names}"),
    "ranked_only_before": ("上期计入、本期未计入:{names}", "judged then, not now: {names}"),
    "csv_ranked_only_now": (
        "排名计入、上期未计入的目标 {count} 项:{names}",
        "{count} goal(s) the ranking judges now, not then: {names}",
    ),
    "csv_ranked_only_before": (
        "上期排名计入、本期未计入的目标 {count} 项:{names}",
        "{count} goal(s) the ranking judged then, not now: {names}",
    ),
    # --- grammar (issue 23: real statistics, a richer target grammar) ---
    "reason_one_sided_units": (
        "{count} 个单位有分子而没有分母,其数无处计入:{units};请补填分母,"
        "或在目标中写 gross: true(毛入园率、毛入学率按各自合计计算)",
        "{count} unit(s) with a numerator and no denominator, so their figure counts "
        "nowhere: {units}; fill in the denominator, or write gross: true in the goal (a "
        "gross rate sums each side over every unit that reports it)",
    ),
    "reason_left_out_units": (
        "{count} 个单位分子为“/”(不适用),不计入分子和分母:{units}",
        '{count} unit(s) with "/" (not applicable) as numerator, left out of both sums: {units}',
    ),
    "ex_ratio_gross": (
        "(毛比率:分子、分母各自按填报了它的所有单位合计,{city}有在园幼儿而无适龄人口也计入分子)",
        "(a gross ratio: numerator and denominator each summed over every unit that reports "
        "it; children enrolled at {city}, with no age population of its own, count too)",
    ),
    "ex_ratio_gross_na": (
        "/ - — N/A = 此项不适用:该单位这一项不计入合计,另一项照常计入",
        "/ - — N/A = not applicable: that side of the unit is left out of its sum, the "
        "other side still counts",
    ),
    "ex_ratio_left_out": (
        "分子为 / 而分母有数的单位:不计入分子和分母,报告中列出该单位",
        "a unit with / as numerator and a denominator: left out of both sums, and named in "
        "the report",
    ),
    "ex_ratio_one_sided": (
        "有分子而分母为 / 或 0 的单位:目标为“数据不全”并列出该单位(请补填分母;"
        "毛入园率这类毛比率在目标中写 gross: true)",
        "a unit with a numerator and / or 0 as denominator: the goal is incomplete and the "
        "unit named (fill in the denominator; for a gross rate write gross: true)",
    ),
    "grammar_soft_target": ("{target}(预期性)", "{target} (indicative)"),
    "grammar_points": ("{sign}{by} 个百分点", "{sign}{by} points"),
    "ex_soft": (
        "预期性指标(力争、左右):未达到时为黄色预警,不是红色",
        "A soft target (力争, 左右, 预期性指标): missed, it is yellow, not red",
    ),
    "ex_start": (
        "本目标自 {start} 起计:数据为自该日起的累计数,序时进度从该日算到截止日期",
        "This goal counts from {start}: its figure is the total since then, and its pace "
        "runs from then to the deadline",
    ),
    "ex_unit_targets": (
        "各单位自有目标:{targets};其余单位 {target}。不合成{whole}总数",
        "Units' own targets: {targets}; every other unit {target}. No {whole} total is made "
        "of them",
    ),
    "ex_range": (
        "目标是一个区间:在 {low} 至 {high} 之间(含两端)为达标",
        "The target is a range: met from {low} to {high}, both included",
    ),
    "targets_per_head_unit": (
        "单位 {unit} 与分子列的单位 {column} 不符:"
        "写分子列的单位(或可换算的 元、万元、亿元)/ 分母的单位,如 元/人",
        "unit {unit} does not fit the numerator column's unit {column}: write the numerator "
        "column's unit (or 元, 万元, 亿元, converted) over the denominator's, such as 元/人",
    ),
    "ex_per_capita": (
        "(各单位分子之和除以分母之和,以 {unit} 计,分子按所写单位换算)",
        "(the sum of numerators over the sum of denominators, in {unit}; the numerator "
        "converted to the unit written)",
    ),
    "ex_count_rows": (
        "{rows}数(如达标学校数),各单位相加 {goal}",
        "the number of {rows} (such as the schools meeting a standard), added up over the "
        "units {goal}",
    ),
    "grammar_rows_yes": ("{metric} 填“是”的行", "rows answering yes in {metric}"),
    "grammar_rows_where": ("{metric} {cond} 的行", "rows with {metric} {cond}"),
    "ex_count_rows_example": (
        "青山县的学校填 是、是、否,白水县的填 是、/:2 + 1 = 3",
        "青山县's schools answer yes, yes, no and 白水县's yes, /: 2 + 1 = 3",
    ),
    "reason_behind_pace_units": (
        "{count} 个单位慢于序时进度:{units}",
        "{count} unit(s) behind the pace of the year: {units}",
    ),
    "grammar_due_now": ("序时 {expected}", "due {expected}"),
    "grammar_unit_targets_scope": (
        "各单位自有目标(unit_targets)只用于 scope: each_unit 的目标",
        "per-unit targets (unit_targets) need scope: each_unit",
    ),
    "grammar_unknown_unit": (
        "unit_targets 中的 {name} 既不是 groups 中的组名,也不在 units 名单中",
        "{name} in unit_targets is neither a group (groups:) nor a unit of units:",
    ),
    "grammar_change_needs_baseline": (
        "change(较上年的变化)须与 target: baseline 一起写",
        "change (against last year) needs target: baseline",
    ),
    "grammar_start_late": (
        "开始日期 {start} 晚于截止日期 {deadline}",
        "start {start} is after the deadline {deadline}",
    ),
    "grammar_op_conflict": (
        "目标写了 {typed},而 op 是 {op}:删去其一",
        "the target says {typed} but op is {op}: keep one of them",
    ),
    "grammar_others": (
        "{target}(另 {count} 个单位各有目标)",
        "{target} ({count} unit(s) with their own target)",
    ),
    "grammar_count_rows_where": (
        '{metric} 是数字列:写 where(如 where: {{op: ">=", value: 4.5}})说明哪些行计数,'
        "或换用“是/否”列",
        "{metric} is a number column: say which rows count with where (such as where: "
        '{{op: ">=", value: 4.5}}), or count a yes/no column',
    ),
    # --- tongbao (issue 25: the 通报 in Word and in print) ---
    "tongbao_title": ("{plan}落实情况通报", "{plan}: progress report"),
    "tongbao_as_of": ("截至{date}", "As of {date}"),
    "tongbao_final": ("全年核查", "For the full year"),
    "tongbao_share": ("(全年序时进度 {share})", " ({share} of the year gone)"),
    "tongbao_counts": (
        "{when},{total} 项目标中{counts}。",
        "{when}, of {total} goals: {counts}.",
    ),
    "tongbao_count": ("{label} {n} 项", "{label} {n}"),
    "tongbao_list_fail": ("未达标的 {n} 项:{goals}。", "Missed ({n}): {goals}."),
    "tongbao_list_behind": (
        "滞后于序时进度的 {n} 项:{goals}。",
        "Behind the pace of the year ({n}): {goals}.",
    ),
    "tongbao_list_incomplete": (
        "数据不全、尚无法判定的 {n} 项:{goals}。",
        "Incomplete, figures missing ({n}): {goals}.",
    ),
    "tongbao_list_not_yet": (
        "尚未达标(尚未完成)的 {n} 项:{goals}。",
        "Not met yet, before their deadline ({n}): {goals}.",
    ),
    "tongbao_list_skipped": ("未判定的 {n} 项:{goals}。", "Not judged ({n}): {goals}."),
    "tongbao_unit_met": ("{unit}(达标 {met}/{judged} 项)", "{unit} ({met} of {judged} met)"),
    "tongbao_lowest": ("排名靠后的单位:{units}。", "Ranked lowest: {units}."),
    "tongbao_absent": (
        "{units}未报送数据,各项目标均缺其数据。",
        "{units} sent no figures: every goal lacks them.",
    ),
    "tongbao_absent_goals": (
        "{units}未报送数据,以下 {n} 项目标因此数据不全:{goals}。",
        "{units} sent no figures, so {n} goals are incomplete: {goals}.",
    ),
    "tongbao_since": (
        "与上期({date})相比:{changes}。",
        "Since the last report ({date}): {changes}.",
    ),
    "tongbao_better": ("好转 {n} 项({goals})", "{n} improved ({goals})"),
    "tongbao_worse": ("退步 {n} 项({goals})", "{n} slipped ({goals})"),
    "tongbao_same": ("各项目标状态与上期相同", "no goal changed status"),
    "tongbao_rank_move": ("{unit}(第 {before} 名→第 {now} 名)", "{unit} ({before} → {now})"),
    "tongbao_rank_up": ("排名上升:{units}", "moved up: {units}"),
    "tongbao_rank_down": ("排名下降:{units}", "moved down: {units}"),
    "tongbao_problems": (
        "各单位报送数据中发现数据问题 {n} 处,详见附件。",
        "The submissions have {n} data problem(s): see the annex.",
    ),
    "tongbao_problems_warnings": (
        "各单位报送数据中发现数据问题 {n} 处、提示 {warnings} 处,详见附件。",
        "The submissions have {n} data problem(s) and {warnings} warning(s): see the annex.",
    ),
    "tongbao_no_problems": ("各单位报送数据未发现数据问题。", "No data problems were found."),
    "tongbao_total": ("{whole}合计", "{whole} total"),
    "tongbao_h_summary": ("总体情况", "Overview"),
    "tongbao_h_goals": ("各项目标完成情况", "Goals"),
    "tongbao_h_overview": ("各单位完成情况一览表", "Units at a glance"),
    "tongbao_h_attention": ("需关注的目标", "Goals needing attention"),
    "tongbao_holding_back": ("涉及单位:{units}", "Units holding it back: {units}"),
    "tongbao_annex": ("附件", "Annex"),
    "tongbao_annex_problems": ("数据问题清单", "Data problems"),
    "tongbao_technical": ("技术信息", "Technical details"),
    "tongbao_no_baseline": ("缺上年基数,暂无法判定", "last year's figures are needed to judge it"),
    # --- report schema ---
    "json_schema_version": (
        "1 或缺省(本版 plan-check 及更早版本写出的报告)",
        "1, or absent (a report this version of plan-check or an earlier one wrote)",
    ),
    # --- review: a certain verdict on pace ---
    "reason_missing_on_pace_units": (
        "{count} 个单位未填报:{units};已报单位合计已达序时进度,无论其填报多少均进度正常",
        "{count} unit(s) did not report: {units}; the units that reported already keep up "
        "with the pace, whatever the others report",
    ),
    # --- returns review (wt-fixa) ---
    "fix_missed": (
        "本单位未达到:{goal},目标 {target},实际 {actual}",
        "missed by the unit: {goal}, target {target}, actual {actual}",
    ),
    "returns_none": (
        "没有需要退回修改或催报的单位,未写入文件",
        "nothing to return and nobody to chase: no file written",
    ),
    "returns_written_all_sent": (
        "退回修改单 {count} 份已写入 {path};应报单位均已报送,无需催报,不写催报名单",
        "{count} return list(s) written to {path}; every unit on the roster sent its "
        "figures: no chase list",
    ),
    "returns_written_only": (
        "退回修改单 {count} 份已写入 {path}(未给应报单位名单,不列催报)",
        "{count} return list(s) written to {path} (no roster given: no chase list)",
    ),
    "xlsx_unit_not_sent": (
        "未报送:本期未收到该单位的数据",
        "not sent: no figures of this unit this time",
    ),
    "xlsx_to_send": ("须报送(见催报名单)", "To send (see the chase list)"),
    # --- history like for like (review) ---
    "history_units_of": ("{units}/{of} 单位", "{units}/{of} units"),
    "history_change_withheld": ("口径不同,不比", "other units, not compared"),
    "history_partial_note": (
        "“7/8 单位”:当次数据不全,只含部分单位,不与全部单位的数直接相比;"
        "较上期按两次都有数的单位计(同口径),无法同口径计算的注“口径不同,不比”",
        '"7/8 units": a check that lacks some units\' figures (incomplete), not comparable '
        "with a total of all units; the change is over the units with figures in both checks "
        '(same units), or "other units, not compared" where none can be made',
    ),
    "charts_partial": (
        "空心点并注“7/8 单位”:当次数据不全,只含部分单位,与相邻各次不相连",
        'hollow point marked "7/8 units": that check lacks some units\' figures, so it is not '
        "joined to the checks beside it",
    ),
    # --- tongbao review (wt-fixb: like for like, the bureau's own acts, blanks, veto) ---
    "tongbao_only_before": ("{units}仅上期有数", "{units}: figures last time only"),
    "tongbao_only_now": ("{units}仅本期有数", "{units}: figures this time only"),
    "tongbao_units_changed": ("两期报送单位不同", "the units reporting differ"),
    "tongbao_units_differ": (
        "{who},{n} 项目标的状态变化只因此,不计为好转或退步",
        "{who}, so {n} goal(s) changed status for that alone, not counted as improved or slipped",
    ),
    "tongbao_like_moves": (
        ",按两期都有数的单位比较(同口径):{moves}",
        ", over the units with figures in both (same units): {moves}",
    ),
    "tongbao_like_up": ("增加 {n} 项", "{n} up"),
    "tongbao_like_same": ("持平 {n} 项", "{n} flat"),
    "tongbao_like_down": ("减少 {n} 项", "{n} down"),
    "tongbao_like_none": (",{n} 项无同口径数", ", {n} without a same-units figure"),
    "tongbao_same_other": ("其余目标状态与上期相同", "no other goal changed status"),
    "tongbao_owner_list": (
        "{owner}{state}的工作 {n} 项:{goals}。",
        "{owner}'s own work {state} ({n}): {goals}.",
    ),
    "tongbao_owner_fail": ("未完成", "not done"),
    "tongbao_owner_behind": ("滞后于序时进度", "behind the pace of the year"),
    "tongbao_owner_incomplete": ("数据不全", "figures missing"),
    "tongbao_owner_not_yet": ("尚未完成", "not done yet"),
    "tongbao_owner_skipped": ("未判定", "not judged"),
    "tongbao_problems_blanks": (
        "各单位报送数据中发现数据问题 {n} 处,应填未填 {blanks} 格,详见附件。",
        "The submissions have {n} data problem(s); required cells left blank: {blanks}. "
        "See the annex.",
    ),
    "tongbao_annex_blanks": (
        "{heading},应填未填 {blanks} 格",
        "{heading}; {blanks} required blank",
    ),
    "tongbao_unit_vetoed": (
        "{unit}(达标 {met}/{judged} 项,{goals}一票否决)",
        "{unit} ({met} of {judged} met; vetoed on {goals})",
    ),
    # --- init ---
    "init_head": (
        "plan-check init 由 {path} 起草的目标文件草稿:{goals} 个目标,{commitments} 条其余承诺",
        "plan-check init's draft of the targets of {path}: goals {goals}, other "
        "commitments {commitments}",
    ),
    "init_head_review": (
        "每个目标的 review 写明草稿猜测了什么:核对数据列、类别、比较符和目标值后删去该行;"
        "plan-check lint 本文件 --seed {path} 列出尚待核对的目标",
        "each goal's review line says what the draft guessed: check the columns, kind, "
        "operator and target, then delete the line; plan-check lint THIS_FILE --seed {path} "
        "lists the goals still to check",
    ),
    "init_untitled": ("工作要点(草稿)", "Work plan (draft)"),
    "init_year": ("年度取自原文“{words}”,请核对", 'the year is read from "{words}": check it'),
    "init_no_year": (
        "原文中没有找到年度:请写上 period_start: 年-01-01",
        "no year found in the text: write period_start: YEAR-01-01",
    ),
    "init_metrics": (
        "数据字典:各单位为每个目标填报的数据列;表头按原文起草,请改成各单位能照填的名称",
        "the data dictionary: the columns units fill in for each goal; headers are drafted "
        "from the plan's words: rename them as the units will fill them in",
    ),
    "init_not_checked": (
        "其余承诺:原文中没有可核查的数字;why 为草稿所填,请按实际改写(或改写为目标)",
        "the other commitments: no figure to check in the text; the draft wrote why: "
        "rewrite it (or turn the commitment into a goal)",
    ),
    "init_last_year": ("上年", "last year"),
    "init_review": (
        "草稿猜测:{kind} {op} {target}{unit}",
        "draft guess: {kind} {op} {target} {unit}",
    ),
    "draft_note_soft": (
        "原文为预期性目标(力争、左右):soft: true,未达到时为黄色预警",
        "the plan states an aim (力争, 左右): soft: true, yellow when missed",
    ),
    "draft_note_range": (
        "原文为区间:落在区间内(含两端)为达标",
        "the plan states a range: met inside it, both ends included",
    ),
    "draft_note_change": (
        "原文为较上年的变化(change),核查时需 --baseline 上年数据",
        "the plan states a change against last year (change): checking it needs --baseline",
    ),
    "draft_note_per_head": (
        "原文为生均或人均额:kind: per_capita,金额(万元)一栏除以人数一栏,按 unit 折算",
        "the plan states a per-head amount: kind: per_capita, an amount column (万元) over a "
        "head count, converted to unit",
    ),
    "draft_note_gross": (
        "毛入园率、毛入学率为毛比率(gross: true):分子、分母各按填报了它的单位合计",
        "a gross rate (gross: true): each side summed over every unit that reports it",
    ),
    "draft_note_amount": (
        "数据列按万元填报,目标照原文的金额折算",
        "the column is in 万元 (10k CNY); the target, as the plan writes it, is converted",
    ),
    "draft_note_frequency": (
        "原文为频次要求(每月、每次):多以达到要求的人数或次数占比 100% 核查",
        "the plan states a frequency (a month, a visit): it is usually checked as the share "
        "meeting it, 100%",
    ),
    "draft_note_zero": (
        "原文为清零:草稿记为某数为 0,须写明数据列,常为每个单位都须达到",
        "the plan states a zero (清零): name the column; it usually binds every unit",
    ),
    Code.INIT_EXISTS: (
        "{path} 已存在,没有覆盖:换一个文件名,或加 --force 覆盖它",
        "{path} exists and was not overwritten: name another file, or add --force",
    ),
    Code.INIT_NOT_TEXT: (
        "{path} 不是文本文件(第 {line} 行有控制字符 {value}):请给出工作要点的纯文本"
        "(Word 中“另存为 → 纯文本 .txt”,编码 UTF-8)",
        "{path} is not a text file (control character {value} on line {line}): give the "
        "plan as plain text (in Word, Save as → Plain text .txt, UTF-8)",
    ),
    Code.INIT_UNDECODABLE: (
        "{path} 第 {line} 行不能按 UTF-8 或 GB18030 读取,不是文本文件:请给出工作要点的纯文本"
        "(Word 中“另存为 → 纯文本 .txt”,编码 UTF-8)",
        "{path} line {line} cannot be read as UTF-8 or GB18030: it is no text file; give the "
        "plan as plain text (in Word, Save as → Plain text .txt, UTF-8)",
    ),
    "init_read_as": (
        "{path} 按 {encoding} 编码读取;plan-check lint --seed 只读 UTF-8 文本:请把它另存为 UTF-8",
        "{path} was read as {encoding}; plan-check lint --seed reads UTF-8 text only: save it "
        "as UTF-8",
    ),
    "init_done": (
        "已起草 {goals} 个目标、{commitments} 条其余承诺({path});每个目标标有 review,"
        "请逐条核对,再运行 plan-check lint",
        "drafted goals: {goals}, other commitments: {commitments} ({path}); every goal "
        "carries review: check each, then run plan-check lint",
    ),
    "init_no_goal": (
        "{path} 中没有找到写有数字的目标句:草稿只列出承诺,目标须自己写",
        "no sentence of {path} states a figure: the draft lists the commitments only; write "
        "the goals yourself",
    ),
    "lint_review_head": (
        "{count} 个目标仍标有 review(待核对):",
        "{count} goal(s) still marked review (to check):",
    ),
    "lint_review_line": (
        "  {path}:{line}: 目标 {rule}:{note}",
        "  {path}:{line}: goal {rule}: {note}",
    ),
    # --- grammar review (wt-h1: the hostile tester's target grammar) ---
    "grammar_unit_two_groups": (
        "{unit} 既在组 {first} 中又在组 {second} 中,两个目标只能取一个:把它留在一个组里,"
        "或在 unit_targets 中单独给它写目标",
        "{unit} is in both group {first} and group {second}, which give it two targets: "
        "keep it in one group, or give it its own target in unit_targets",
    ),
    "grammar_group_in_group": (
        "组 {group} 的成员 {unit} 是另一个组的名字:组不能套组,请写出各单位的名称",
        "{unit}, a member of group {group}, is the name of a group: groups do not nest, "
        "list the units by name",
    ),
    "grammar_group_unknown": (
        "组 {group} 的成员 {unit} 不在 units 名单中(相近:{like}):请改为名单中的单位名称",
        "{unit}, a member of group {group}, is not on the units: roster (close: {like}): "
        "write a unit of the roster",
    ),
    "grammar_points_not_rate": (
        "change: {change} 以百分点计,只适用于比率(ratio 等);此目标不是比率:"
        "写成 +5%(较上年增长 5%)或 +100(增加 100)",
        "change: {change} is in points, which apply only to rates (ratio and the like); this "
        "goal is no rate: write +5% (of last year) or +100 (an amount)",
    ),
    "grammar_column_twice": (
        "{column} 被写了两次,会被加两遍:每列只写一次",
        "{column} is named twice and would be added twice: name each column once",
    ),
    "grammar_range_reversed": (
        "范围 {low}-{high} 的下限大于上限,永远无法达到:写成 {high}-{low}",
        "the range {low}-{high} has its low end above its high end and can never be met: "
        "write {high}-{low}",
    ),
    "grammar_range_op": (
        "范围目标(如 2-4)就是“在两者之间(含两端)”,不能另写 op: {op}:删去 op,"
        "或改写为单个目标(如 target: 4 与 op: '<=')",
        "a range target (such as 2-4) means between the two, both included, and takes no "
        "op: {op}: delete op, or write one figure (such as target: 4 with op: '<=')",
    ),
    "reason_short_of_change_units": (
        "{count} 个单位未达到较上年 {required}的要求:{units}",
        "{count} unit(s) short of the {required} on last year the plan asks: {units}",
    ),
    "gap_city_short_up": (
        "{whole}提高 {change};{units}未达到较上年 {required}的要求",
        "{whole}: up by {change}; {units} short of the {required} on last year asked",
    ),
    "gap_city_short_down": (
        "{whole}减少 {change};{units}未达到较上年 {required}的要求",
        "{whole}: down by {change}; {units} short of the {required} on last year asked",
    ),
    "grammar_change_plain": ("{change}", "{change}"),
    Code.GRAMMAR_UNIT_NOT_REPORTED: (
        "unit_targets 给 {name} 定了目标(或其所在的组),但没有任何文件报送 {name},"
        "其目标无从核对:请检查拼写,或在 units: 中列出应报名单",
        "unit_targets give {name} a target (or its group does), but no file names {name}, "
        "so its target cannot be checked: check the spelling, or list the roster in units:",
    ),
    # --- submission review (wt-h3: a file with no unit's figures, a unit off the roster) ---
    "submission_no_unit": (
        "没有单位的数据:文件中没有任何应报单位填了数字的行(另有 {count} 处需修改),"
        "请填写本单位的一行后再报送",
        "No unit's data: no row of a unit that must report holds a figure ({count} other "
        "thing(s) to fix); fill in your unit's row before sending",
    ),
    "submission_no_rows": (
        "没有单位的数据:文件 {path} 只有表头,没有数据行;请填写本单位的一行后再报送",
        "No unit's data: {path} has a header but no data rows; fill in your unit's row "
        "before sending",
    ),
    # --- history robustness ---
    Code.HISTORY_BAD_VALUE: (
        "历史文件 {path} 已损坏,或不是 plan-check 写成的:表 {table} 中{where} 的 {column} 列为 "
        "{value},应为{accepted};文件保持原样,本次未记录:请改用它的备份,或换一个新的历史文件",
        "history file {path} is damaged or was not written by plan-check: in table {table}, "
        "{where}, column {column} holds {value}; accepted: {accepted}. The file was left as it "
        "was and this run not recorded: use its backup, or a new history file",
    ),
    "history_where_run": ("核查记录 {run}", "run {run}"),
    "history_where_plan": ("目标文件记录 {plan}", "plan record {plan}"),
    "history_accepts_figure": (
        "不超过 {limit} 个字符的精确数(3050、4680.45、5/6)、true、false 或空",
        "an exact number of at most {limit} characters (3050, 4680.45, 5/6), true, false or NULL",
    ),
    "history_accepts_number": (
        "不超过 {limit} 个字符的精确数(3050、4680.45、5/6)或空",
        "an exact number of at most {limit} characters (3050, 4680.45, 5/6) or NULL",
    ),
    "history_accepts_text": (
        "1 至 {limit} 个字符的文字",
        "text of 1 to {limit} characters",
    ),
    "history_accepts_one_of": ("以下之一:{values}", "one of: {values}"),
    "history_accepts_rank": ("正整数名次或空", "a whole rank from 1, or NULL"),
    "history_accepts_date": ("YYYY-MM-DD 日期或 final", "a date YYYY-MM-DD, or final"),
    Code.RETURNS_NOT_FOLDER: (
        "--returns 须为文件夹,{file} 是文件:请给一个文件夹,或一个尚不存在的名字(会新建)",
        "--returns takes a folder, and {file} is a file: give a folder, or a name that does "
        "not exist yet (made for you)",
    ),
    Code.HISTORY_DAMAGED: (
        "{path} 不是 plan-check 的历史文件,或已损坏(其中有视图或触发器,plan-check 从不建立),"
        "未作任何改动:请给 plan-check 建立的历史文件,或一个尚不存在的文件名",
        "{path} is not a plan-check history, or is damaged (it holds views or triggers, which "
        "plan-check never makes) and was left as it was: give a history file plan-check made, "
        "or the name of a file that does not exist yet",
    ),
    # --- api ---
    Code.JOBS_BAD: (
        "--jobs {value} 无效:须为 1 至 {limit} 的整数(1 即在本进程内读取)",
        "--jobs {value} is not valid: a whole number from 1 to {limit} (1 reads in this process)",
    ),
    Code.JOBS_AND_DASK: (
        "--jobs 与 --dask 不能同时使用:本机多进程读取用 --jobs N,集群读取用 --dask",
        "--jobs and --dask do not go together: --jobs N reads on local processes, --dask on "
        "a cluster",
    ),
    Code.JOBS_TASK_FAILED: (
        "本机读取进程出错({reason}),--jobs {jobs} 的读取未能完成:请重试,或用 --jobs 1 "
        '在本进程内读取;在 Python 脚本中,check() 须在 if __name__ == "__main__": 之下调用',
        "a local reading process failed ({reason}), so --jobs {jobs} could not finish "
        "reading: try again, or read in this process with --jobs 1; in a Python script, "
        'call check() under if __name__ == "__main__":',
    ),
    # --- the Python API ---
    Code.OPTION_TYPE: (
        "{option} 的值不可用:{value};文件取文件名(str 或 Path),as_of 取日期或"
        ' "2023-06-30" 这样的文字,jobs 取整数,其余取文字',
        "{option} cannot take {value}: a file takes a name (str or Path), as_of a date or "
        'text such as "2023-06-30", jobs a whole number, the others text',
    ),
    Code.RENDER_FORMAT: (
        "没有 {value} 这种格式;可用:{accepted}",
        "there is no format {value}; accepted: {accepted}",
    ),
    Code.RENDER_OTHER_PLAN: (
        "此报告不是按 {targets} 的目标检查的:请以 targets= 指明检查时所用的目标文件",
        "this report was not checked against the goals of {targets}: name the targets file "
        "it was checked against with targets=",
    ),
    # --- rules at a narrow terminal ---
    "rules_columns_hidden": (
        "终端较窄,未显示:{columns}(加宽终端,或用 --format json 查看全部)",
        "not shown at this width: {columns} (widen the terminal, or use --format json)",
    ),
    # --- coverage of a plan numbered in words ---
    "lint_no_items": (
        "提示:{seed} 中没有找到编号的条目,引文已核对,覆盖未检查:可识别的编号为“16.”"
        "这样的数字,或“一、”(章)与“(一)”(条)",
        "warning: no numbered item found in {seed}: its quotes were checked, its coverage "
        "was not; accepted numbering is a number (16.), or chapters 一、 with items (一)",
    ),
    # --- a metric's two columns that differ ---
    Code.DUPLICATE_COLUMN_DIFFERS: (
        "此指标的另一列(第 {other} 列,即 {letter} 列)在这一行填的是 {value},与此格不同,"
        "无法判断哪一个正确,此格未计入",
        "this metric's other column (column {other}, {letter}) holds {value} on this row, and "
        "this cell does not: which one is right cannot be told, so this cell is not counted",
    ),
    # --- a repeated student row ---
    "accepted_one_student_row": (
        "每名学生一行,同一学籍号只填一次",
        "one row per student: each student id once",
    ),
    # --- a key column given twice that differs ---
    Code.KEY_COLUMN_DIFFERS: (
        "再次给出的同一列(第 {other} 列,即 {letter} 列)在这一行填的是 {value},与此格不同,"
        "无法判断这一行属于谁,整行未计入",
        "the same column given again (column {other}, {letter}) holds {value} on this row, "
        "and this cell does not: whose row it is cannot be told, so the row is not counted",
    ),
    "accepted_one_key_column": (
        "区县、学校、学籍号各只填一列;两列都留时须填同一名称",
        "one unit, school and student-id column each; where two are kept, they must agree",
    ),
    # --- a broken UTF-16 file ---
    Code.FILE_UNDECODABLE_UTF16: (
        "文件 {path} 以 UTF-16 标记开头(Excel 的“Unicode 文本”),但第 {line} 行有无法按 UTF-16 "
        "解码的字节(值 {value}),文件可能不完整或已损坏;请在 Excel 中重新另存为 UTF-8 编码的 CSV",
        '{path} starts with a UTF-16 mark (Excel\'s "Unicode Text"), but line {line} holds '
        "bytes that are no UTF-16 (bytes {value}): the file may be cut short or damaged; "
        "save it again from Excel as UTF-8 CSV",
    ),
    # --- the header again below the header ---
    Code.HEADER_REPEATED: (
        "这一行重复了第 {header} 行的表头,已跳过",
        "this row repeats the header of line {header}: skipped",
    ),
    "accepted_one_header": (
        "表头只写一行;两张表请分别保存为两个文件",
        "one header row; two tables go in two files",
    ),
    Code.HEADER_AGAIN: (
        "文件 {path} 第 {line} 行又是一行表头,但它的列与第 {header} 行的表头不同:其下各行无法"
        "按第 {header} 行的表头读取。请把两张表分别保存为两个文件,或把它们的列排成同样的顺序"
        "并删去第 {line} 行",
        "{path}: line {line} is a header again, with other columns than the header on line "
        "{header}: the rows below it cannot be read under that header. Save the two tables as "
        "two files, or put their columns in one order and delete line {line}",
    ),
    # --- a sheet the workbook check could not reach ---
    Code.FILE_SHEET_UNCHECKED: (
        "工作簿 {path} 的 xl/workbook.xml 列出的工作表“{sheet}”在读取前无法检查(它的标签不合 XML "
        "规范,或它所指的部分不存在),电子表格软件不会这样写;请用 Excel 打开后另存为 .xlsx",
        '{path}: the sheet "{sheet}" that xl/workbook.xml lists cannot be checked before it is '
        "read (its tag is no well-formed XML, or the part it names is missing), as no "
        "spreadsheet program writes it: open it in Excel and save it as .xlsx",
    ),
    Code.FILE_SHARED_TEXT_TOO_LARGE: (
        "工作簿 {path} 的共享文本最长 {longest:,} 字节,可被 {cells:,} 个单元格引用,读取时要复制约 "
        "{mib:,} MB,超出可核查的范围(128 MB);请删去不需要的长文本(如备注列),或另存为 CSV",
        "{path}: its longest shared text ({longest:,} bytes) may be used by {cells:,} cells, "
        "about {mib:,} MB of copies to read, beyond what can be checked (128 MB): delete long "
        "texts that are not needed (a 备注 column), or save it as CSV",
    ),
    # --- a key column of the same kind under another name ---
    Code.KEY_COLUMN_UNREAD: (
        "此列与第 {other} 列({letter} 列)的 {metric} 同属单位、学校或学籍号一类,只读取第 {other} "
        "列,此列不读取",
        "this column is of the same kind as {metric} in column {other} ({letter}): a unit, "
        "school or student id; only that one is read, not this one",
    ),
    # --- UTF-16 text without its mark ---
    Code.FILE_UTF16_NO_BOM: (
        "文件 {path} 像是不带 BOM 标记的 UTF-16 文本(换行、逗号、数字和英文字母旁各有一个 "
        "NUL 字节);请在 Excel 中另存为 UTF-8 编码的文件,数据文件也可加 --encoding {encoding} 读取",
        "{path} looks like UTF-16 text without its mark (a NUL byte beside each line end, "
        "comma, digit and Latin letter): save it from Excel as UTF-8, or read a data file "
        "with --encoding {encoding}",
    ),
    # --- a units line giving a column in another scale ---
    Code.UNITS_LINE_SCALE: (
        "文件 {path} 第 {line} 行(单位行)把 {column} 的单位写作 {given},计划按 {unit} 计:"
        "该列的数字无法按 {unit} 读取。请换算为 {unit} 填报,并把单位改为 {unit}",
        "{path} line {line}, the units line, gives {column} in {given}, which the plan counts "
        "in {unit}: the column's figures cannot be read as {unit}. Convert them to {unit} and "
        "write {unit} in the units line",
    ),
    # --- "/" in a part beside a whole above 0 ---
    Code.NUMERATOR_NA: (
        "单位 {unit}:{denominator} 为 {den_value},其中的 {numerator} 不能填“不适用”;没有请填 0",
        "unit {unit}: {denominator} is {den_value}, so {numerator}, a part of it, cannot be "
        '"not applicable"; write 0 if none',
    ),
}


def t(code: str, lang: Lang, /, **params: Any) -> str:
    """The message ``code`` in ``lang`` with ``params`` filled in."""
    zh, en = MESSAGES[code]
    text = zh if lang == "zh" else en
    if "{" in text:  # the plan's words the message names, unless the caller names them
        words = _WORDS.get(NEUTRAL_WORDS)[lang]
        params = {k: v for k, v in words.items() if "{" + k + "}" in text} | params
    if any(hasattr(v, "render") for v in params.values()):  # a Msg inside a message
        params = {k: v.render(lang) if hasattr(v, "render") else v for k, v in params.items()}
    if "(s)" in text:  # English plural by the count: "1 error", "2 errors"
        count = params.get("count", params.get("n"))
        text = text.replace("(s)", "" if str(count).strip() == "1" else "s")
    return text.format(**params) if params else text


def safe(text: object) -> str:
    """Data text made inert for a terminal: control and format characters (ESC, BEL,
    bidi overrides…) are shown as visible escapes instead of being obeyed."""
    out = []
    for ch in str(text):
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") and ch not in "\u200d":
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def list_sep(lang: Lang) -> str:
    return "、" if lang == "zh" else ", "
