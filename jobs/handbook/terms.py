"""The handbook's fixed texts, each Chinese (zh-CN, the default) and English pair side by side:
the RACI roles and what each means, the kinds of activity and what counts as done for each, and
the matrix table's header."""

from __future__ import annotations

# fmt: off
ROLE_NAMES = {"R": ("负责", "responsible"), "A": ("最终负责", "accountable"),
              "C": ("协助", "consulted"), "I": ("知会", "informed")}
ROLE_MEANING = {
    "R": ("负责执行：在时限内完成本环节的工作，并在「任务进度」填写响应时间、完成时间和状态",
          "responsible: does this step's work within its time limits and fills in the response "
          "time, the completion time and the status in 任务进度 (tasks)"),
    "A": ("最终负责：对结果负责并拍板，确认是否达到完成标准；超时或有分歧时先找本部门负责人",
          "accountable: answers for the result and decides, confirms it meets the done "
          "criteria; when late or in disagreement, goes to this department's head first"),
    "C": ("协助：被请求时在时限内提供意见、资料或资源，不承担交付",
          "consulted: gives advice, material or resources within the time limits when asked; "
          "does not deliver"),
    "I": ("知会：接收结果通知，了解进展，无需行动", "informed: is told the result and the "
          "progress; nothing to do"),
}
KIND_NAMES = {"handoff": ("传递", "hand-off"), "work": ("执行", "work"),
              "approval": ("审批", "approval"), "review": ("验收", "review"), "": ("执行", "work")}
DONE = {
    "handoff": ("接收部门在响应时限内填写「响应时间」确认收到；交付物移交完毕后填写「完成时间」，"
                "状态改为「已完成」",
                "the receiving department confirms receipt by filling in the response time "
                "within the response limit; once the deliverables are handed over, the "
                "completion time is filled in and the status set to done"),
    "work": ("工作成果交出：「任务进度」状态为「已完成」并填写「完成时间」",
             "the work is delivered: status done in 任务进度 and the completion time filled in"),
    "approval": ("审批部门作出决定（通过或退回）：填写「完成时间」、状态为「已完成」；退回的在"
                 "「备注」写明原因",
                 "the approving department decides (approve or return): completion time "
                 "filled in, status done; a return gives its reason in the notes"),
    "review": ("验收部门确认结果符合要求：填写「完成时间」、状态为「已完成」；不通过的在"
               "「卡点」写明问题并退回执行部门",
               "the reviewing department confirms the result meets the requirements: "
               "completion time filled in, status done; a failed review names the problem in "
               "the blocker column and returns it to the doing department"),
}
HEADER = (("协作场景", "协作环节", "负责(R)", "最终负责(A)", "协助(C)", "知会(I)"),
          ("Scenario", "Activity", "Responsible (R)", "Accountable (A)", "Consulted (C)",
           "Informed (I)"))
# fmt: on
