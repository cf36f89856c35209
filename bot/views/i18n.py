"""Every label the views show, in English and Chinese.

``label(lang, key, **values)`` formats one entry; unknown languages fall back to English.
Values passed in are inserted as given: escape untrusted ones first.
"""

from __future__ import annotations

from bot.config import LANGUAGES

LANGS: tuple[str, ...] = LANGUAGES

EN: dict[str, str] = {
    # a card's menu, New retrieval, Retrieve again ---------------------------------------
    "menu.show": "Show details",
    "menu.play": "▶ Play",
    "menu.watch": "Watch / unwatch",
    "menu.delete": "Delete…",
    "menu.again": "Retrieve again",
    "menu.link": "🔗 Open the task's link",
    "menu.invalid": ":x: That choice is not valid any more: run the command again.",
    "button.new_task": "New retrieval",
    "form.preparing": ":hourglass: Preparing the form…",
    "form.again_gone": "IVC no longer lists {name}, so its cameras and window are not known: "
    "choose them again.",
    # end of a card's menu, New retrieval, Retrieve again --------------------------------
    # the create form (modal titles at most 24 characters)
    "delete.confirm": ":wastebasket: Delete retrieval task {name} (TaskId {task_id})? "
    "Its retrieved copy is removed too.",
    "delete.button": "Delete",
    "delete.ask": "Delete…",
    "delete.cancel": "Keep it",
    "delete.kept": "Kept task {task_id}.",
    "delete.retrieving": ":no_entry: Task {task_id} is still retrieving and cannot be deleted: "
    "wait until it is done.",
    "delete.done": ":wastebasket: Deleted task {name} (TaskId {task_id}).",
    "delete.refused": ":no_entry: IVC refused to delete task {task_id}: {reason}",
    "delete.title": "Delete task",
    "delete.working": ":hourglass: Deleting task {task_id}…",
    "delete.card": ":wastebasket: Deleted from Slack",
    "form.title": "New retrieval",
    "form.submit": "Start",
    "form.close": "Cancel",
    "form.name": "Task name",
    "form.date": "Date",
    "form.start": "Start time",
    "form.end": "End time",
    "form.zone": "Times are in your time zone ({zone}).",
    "form.cameras": "Cameras",
    "form.cameras_hint": "Type part of a device or channel name; at most 32.",
    "form.expiration": "Days to keep the copy",
    "form.describe": "Description",
    "form.starting": ":hourglass: Starting the retrieval…",
    "form.started": ":white_check_mark: Started retrieval {name} (TaskId {task_id}).",
    "form.failed": ":x: IVC did not start the retrieval: {reason}",
    "form.missing": "fill in this field",
    "form.cameras_unavailable": "IVC's list of cameras could not be loaded: try again in a "
    "minute; if it persists, ask the app's administrator to look at its log",
    "refusal.name_invalid": "a task name is 1 to 32 Chinese characters, letters, digits, _ or -",
    "refusal.name_taken": "another task already has this name: choose another one",
    "refusal.window_invalid": "the end must come after the start",
    "refusal.window_too_long": "a window is at most one day: shorten it",
    "refusal.window_crosses_midnight": "a window must not cross midnight in IVC's time zone "
    "({zone}): split it in two tasks",
    "refusal.mode_invalid": "IVC supports only fast mode",
    "refusal.expiration_out_of_range": "keep the copy 1 to 365 days",
    "refusal.channel_count": "pick 1 to 32 cameras",
    "refusal.unknown_device": "IVC does not know this device: pick the camera again",
    "refusal.unknown_channel": "IVC does not know this camera: pick it again",
    "refusal.unknown_organization": "IVC does not know the organization: ask the app's "
    "administrator to check IVC_ORGANIZATION_ID",
    "refusal.task_retrieving": "a task still retrieving cannot be deleted: wait until it is done",
    "refusal.describe_invalid": "a description holds only Chinese characters, letters, digits, "
    "_ and -, and is short: change it",
    "refusal.missing_field": "IVC missed a field of the task: fill in every field",
    "refusal.window_too_short": "a window is at least 10 minutes: lengthen it",
    "refusal.start_in_future": "the window starts in the future: pick a time that has passed",
    "refusal.channel_of_other_device": "a camera's channel does not belong to its device: pick "
    "the camera again",
    # filters (header titles)
    "filter.all": "All tasks",
    "filter.pending": "Pending tasks",
    "filter.retrieving": "Retrieving tasks",
    "filter.retrieved": "Retrieved tasks",
    "filter.search": "Search results",
    "header.count": "{title} · {count}",
    # statuses
    "status.retrieving": "Retrieving",
    "status.pending": "Pending",
    "status.retrieved": "Retrieved",
    "status.unknown": "Status {value}",
    "status.no_archive": "No archived recording",
    "status.unknown_group": "Unknown status",
    # field labels
    "field.name": "Task name",
    "field.task_id": "TaskId",
    "field.status": "Status",
    "field.window": "Time window",
    "field.mode": "Mode",
    "field.capacity": "Capacity",
    "field.expiration": "Copy kept",
    # values
    "mode.fast": "Fast",
    "mode.unknown": "Mode {value}",
    "expiration.days": "kept {days} days",
    "expiration.day": "kept 1 day",
    "capacity.none": "—",
    "name.empty": "(no name)",
    # list
    "list.range": "{first}–{last} of {total}",
    "list.page": "page {page} of {pages}",
    "list.search": "Search: {query}",
    "empty.all": "No retrieval tasks right now.",
    "empty.pending": "No pending tasks right now.",
    "empty.retrieving": "No tasks are being retrieved right now.",
    "empty.retrieved": "No retrieved tasks right now.",
    "empty.search": "No tasks match {query}.",
    "empty.hint": "Try `all` to see every task.",
    # buttons
    "button.previous": "Previous",
    "button.next": "Next",
    "button.refresh": "Refresh",
    # footer
    "age.seconds": "updated {n} s ago",
    "age.minutes": "updated {n} min ago",
    "age.hours": "updated {n} h ago",
    "age.days": "updated {n} d ago",
    "ago.seconds": "{n} s ago",
    "ago.minutes": "{n} min ago",
    "ago.hours": "{n} h ago",
    "ago.days": "{n} d ago",
    "stale": ":warning: IVC is not answering ({error}); showing data from {ago}",
    "stale.no_error": "no details",
    "skipped": "{n} records skipped (malformed)",
    "skipped.one": "1 record skipped (malformed)",
    # details
    "details.header": "Task details",
    "details.channels": "*Channels · {count}*",
    "details.no_channels": "No channels listed for this task.",
    "details.more": "+{n} more channels",
    "details.more.one": "+1 more channel",
    # status counts (status report, Home tab)
    "counts.line": "{count} tasks · {capacity}",
    "counts.line.one": "1 task · {capacity}",
    "counts.total": "Total",
    # help
    "help.header": "Retrieval tasks: help",
    "help.intro": "Shows IVC recording-retrieval tasks. Words in English or Chinese, any case:",
    "help.all": "every task (the default)",
    "help.pending": "tasks waiting to be retrieved",
    "help.retrieving": "tasks being retrieved now",
    "help.retrieved": "tasks whose footage is back",
    "help.show": "one task with its channels",
    "help.search": "tasks whose name or TaskId contains the text",
    "help.summary": "counts and capacity per status",
    "help.help": "this help",
    "help.modifiers": "Add anywhere:",
    "help.refresh": "ask IVC now instead of using cached data",
    "help.public": "post in the channel instead of only to you",
    "help.arg.task_id": "<TaskId>",
    "help.arg.text": "<text>",
    # problems
    "problem.unknown": "Unknown command `{word}`",
    "problem.missing_task_id": "`{word}` needs a TaskId, e.g. `{word} 0123abcd…`",
    "problem.missing_query": "`{word}` needs some text to look for, e.g. `search lobby`",
    # subscription problems
    "problem.missing_schedule": (
        "`{word}` needs a schedule, e.g. `subscribe daily 09:00`, `subscribe every 4h` or "
        "`subscribe notify`"
    ),
    "problem.bad_schedule": (
        "`{word}` is not a schedule: use `daily HH:MM`, `weekdays HH:MM`, `every 4h` or `notify`"
    ),
    "problem.missing_time": "`{word}` needs a time, e.g. `{word} 09:00`",
    "problem.bad_time": "`{word}` is not a time: use HH:MM from 00:00 to 23:59, e.g. `09:00`",
    "problem.unknown_timezone": (
        "Unknown time zone `{word}`: use an Area/City name such as `Asia/Shanghai`"
    ),
    "problem.missing_interval": "`{word}` needs an interval, e.g. `every 4h`",
    "problem.bad_interval": (
        "`{word}` is not an interval: use 1h to 24h (or 15m to 1440m in steps of 5 minutes), "
        "e.g. `every 4h`"
    ),
    "problem.bad_event": (
        "`{word}` is not an event: use `appeared`, `pending`, `retrieving` or `retrieved`, "
        "e.g. `subscribe notify pending,retrieved`"
    ),
    "problem.missing_id": (
        "`{word}` needs a subscription number, e.g. `{word} 3`; `subscriptions` lists them"
    ),
    "problem.bad_id": (
        "`{word}` is not a subscription number: use the # that `subscriptions` shows, "
        "e.g. `unsubscribe 3`"
    ),
    # help: subscriptions
    "help.subscriptions.title": "Channel subscriptions:",
    "help.subscribe.daily": "a status summary in this channel every day at that time",
    "help.subscribe.weekdays": "the same, Monday to Friday only",
    "help.subscribe.every": "a summary every N hours (1h to 24h)",
    "help.subscribe.notify": "a message when a task appears or changes status "
    "(default: new and retrieved tasks)",
    "help.subscriptions": "this channel's subscriptions, with their numbers",
    "help.unsubscribe": "remove one subscription, or all of this channel's",
    "help.pause": "stop a subscription for now",
    "help.resume": "turn a paused subscription back on",
    "help.arg.time": "HH:MM [Area/City]",
    "help.arg.id": "<number>",
    "help.arg.events": "[pending,retrieving,retrieved]",
    # schedules and events as people type them
    "schedule.daily": "daily {time}",
    "schedule.weekdays": "weekdays {time}",
    "schedule.every": "every {interval}",
    "schedule.notify": "notify {events}",
    "event.appeared": "appeared",
    "event.pending": "pending",
    "event.retrieving": "retrieving",
    "event.retrieved": "retrieved",
    # durations
    "duration.under_minute": "under a minute",
    "duration.minutes": "{m} min",
    "duration.hours": "{h} h",
    "duration.hours_minutes": "{h} h {m} min",
    "duration.days": "{d} d",
    "duration.days_hours": "{d} d {h} h",
    # subscriptions list
    "subs.header": "Subscriptions in this channel · {count}",
    "subs.summary": ":calendar: Summary {what}",
    "subs.notify": ":bell: Notifications {what}",
    "subs.next": "next: {when}",
    "subs.on_change": "posted when a task changes",
    "subs.active": ":large_green_circle: active",
    "subs.paused": ":double_vertical_bar: paused",
    "subs.reason.by_user": "paused by hand; `resume {id}` turns it back on",
    "subs.reason.not_in_channel": (
        "paused because I can't post here: invite me with `/invite @{bot}`, then `resume {id}`"
    ),
    "subs.reason.channel_archived": "paused because the channel is archived",
    "subs.reason.other": "paused: {reason}",
    "subs.empty": (
        "This channel has no subscriptions yet. Try `subscribe daily 09:00` for a daily "
        "summary, or `subscribe notify` to hear when tasks appear or are retrieved."
    ),
    "subs.more": "+{n} more subscriptions",
    # confirmations and refusals
    "sub.subscribed.summary": (
        ":white_check_mark: Subscribed (#{id}): this channel gets a summary {what}."
    ),
    "sub.subscribed.notify": (
        ":white_check_mark: Subscribed (#{id}): this channel hears about {what}."
    ),
    "sub.next": "Next: {when}",
    "sub.unsubscribed": ":wastebasket: Unsubscribed {ids}.",
    "sub.unsubscribed.none": "This channel had no subscriptions to remove.",
    "sub.paused": ":double_vertical_bar: Paused #{id} ({what}); `resume {id}` turns it back on.",
    "sub.resumed": ":arrow_forward: Resumed #{id} ({what}).",
    "error.duplicate": "This channel already has {what} (#{id})",
    "error.not_found": "This channel has no subscription #{id}; `subscriptions` lists them.",
    "error.not_in_channel": (
        "I can't post in this channel: invite me with `/invite @{bot}`, then try again"
    ),
    "error.not_allowed": "Only workspace admins can change this channel's subscriptions.",
    "shared.by": "Shared by {name} with `/retrieval-tasks show`",
    "error.too_many_subscriptions": (
        "This channel has {limit} subscriptions, the most it may have: remove one with "
        "`unsubscribe <number>` first"
    ),
    "error.subscribing_too_fast": (
        "Too many `subscribe` commands in a minute: try again in {seconds} s"
    ),
    # channel summary
    "csum.header": "Retrieval tasks summary · {count}",
    "csum.changed": "*Status changes since {since}* · {count}",
    "csum.changed.none": "No status changes since {since}.",
    "csum.now": "now {status}",
    "csum.oldest": "*Oldest pending task*",
    "csum.waiting": "waiting {duration}",
    "csum.expiring": "*Copies expiring within 24 h (estimate)* · {count}",
    "csum.expires_in": "expires ~in {duration} (estimate)",
    "csum.estimate_note": (
        "Expiry is estimated: first seen retrieved plus the days the copy is kept."
    ),
    "csum.more": "+{n} more",
    "csum.as_of": "As of {when}",
    "button.open_list": "Open the full list",
    # notifications
    "notify.appeared": ":new: New retrieval task",
    "notify.changed": "Retrieval task now {status}",
    "notify.status_changed": "Status changed: {old} → {new}",
    "notify.status_now": "Status now: {new}",
    "notify.gone": ":wastebasket: No longer listed by IVC (since {when})",
    "notify.gone.undated": ":wastebasket: No longer listed by IVC",
    # App Home
    "home.header": "Retrieval tasks",
    "home.no_data": "No task data yet: press Refresh.",
    "home.error": ":warning: {error}",
    "home.subscriptions": "*Subscriptions* · {count}",
    "home.no_subscriptions": (
        "No channel subscriptions yet. In a channel, type `/retrieval-tasks subscribe daily 09:00`."
    ),
    "home.more_channels": "+{n} more channels",
    # errors and progress
    "error.ivc": ":x: {error}",
    "error.generic": ":x: Something went wrong on our side; try again in a moment.",
    "error.database": ":x: The app cannot reach its database just now; nothing was changed; "
    "try again in a minute.",
    "fetching": ":hourglass: Fetching tasks from IVC…",
    "working": ":hourglass: Working on it…",
    "error.not_connected": ":electric_plug: This workspace has no IVC account yet: an admin "
    "must connect IVC in App Home.",
    "ivc.header": "IVC account",
    "ivc.connected": ":white_check_mark: Connected: SecretId ending `{tail}` ({api}).",
    "ivc.last_ok": "Last worked {when}.",
    "ivc.never_ok": "Not used yet.",
    "ivc.last_error": ":warning: Last error: {error}",
    "ivc.not_connected": ":electric_plug: Not connected: an admin must connect IVC here.",
    "ivc.admins_only": "Only a workspace admin or owner can connect IVC.",
    "ivc.connect": "Connect IVC",
    "ivc.edit": "Edit connection",
    "ivc.disconnect": "Disconnect",
    "ivc.disconnect_title": "Disconnect IVC?",
    "ivc.disconnect_text": "The stored keys are deleted; this workspace's subscriptions and "
    "watches are paused.",
    "ivc.modal_title": "Connect IVC",
    "ivc.save": "Save",
    "ivc.cancel": "Cancel",
    "ivc.test": "Test",
    "ivc.api": "API",
    "ivc.api_ivc": "IVC (/ivc/ endpoints)",
    "ivc.api_cloudapi": "API 3.0 (iss)",
    "ivc.secret_id": "SecretId",
    "ivc.secret_key": "SecretKey",
    "ivc.secret_key_hint": "Stored encrypted and never shown again.",
    "ivc.secret_key_keep": "Leave blank to keep the stored SecretKey.",
    "ivc.token": "STS session token (optional)",
    "ivc.region": "Region (API 3.0, e.g. ap-guangzhou; optional)",
    "ivc.organization": "Organization id (to create tasks; optional)",
    "ivc.intro": "IVC calls are made with this account for this workspace only.",
    "ivc.test_ok": ":white_check_mark: IVC answered: {count} tasks listed.",
    "ivc.test_refused": ":x: IVC refused: {error}",
    "ivc.timeout": ":x: IVC did not answer in time; try again.",
    "ivc.key_needed": "Enter the SecretKey.",
    "ivc.bad_field": "Letters, digits and - only.",
    "ivc.saved": ":white_check_mark: IVC connected. App Home shows the account.",
    "ivc.not_admin": ":no_entry: Only a workspace admin or owner can change the IVC connection.",
    "ivc.too_many": (
        ":raised_hand: Too many IVC tests in this workspace: try again in {seconds} s."
    ),
    "people.header": "*Workspace settings*",
    "people.title": "Workspace settings",
    "people.edit": "Edit settings",
    "people.intro": "Who may do what in this workspace. Blank: the deployment's default; "
    "`none`: nobody (no channel).",
    "people.default": "the deployment's default",
    "people.nobody": "nobody",
    "people.task_managers": "Task managers",
    "people.viewers": "Viewers",
    "people.subscription_admins": "Subscription admins",
    "people.audit_channel": "Audit channel",
    "people.task_managers_hint": "User and user-group ids (U…, S…) who may create and delete "
    "retrievals.",
    "people.viewers_hint": "User and user-group ids (U…, S…) who may see tasks.",
    "people.subscription_admins_hint": "User ids (U…) who may change subscriptions.",
    "people.audit_channel_hint": "The channel id (C…) where every create and delete is posted.",
    "people.bad_task_managers": "Slack user or user-group ids (U…, S…), separated by commas.",
    "people.bad_viewers": "Slack user or user-group ids (U…, S…), separated by commas.",
    "people.bad_subscription_admins": "Slack user ids (U…), separated by commas.",
    "people.bad_audit_channel": "One Slack channel id (C…).",
    "people.saved": ":white_check_mark: Workspace settings saved.",
    "people.everyone": "everyone",
    "people.operators": ":lock: This workspace uses the app operator's IVC account, so these "
    "settings are the operator's (set in the app's environment) and cannot be changed here.",
    "team_not_allowed": ":no_entry: This app is not enabled for this workspace: "
    "ask its administrator to add the workspace to SLACK_ALLOWED_TEAM_IDS.",
    "error.user_not_viewer": (
        ":no_entry: You can't see retrieval tasks: ask the app's administrator "
        "to add you (or a user group of yours) to VIEWERS."
    ),
    "error.not_set_up": ":no_entry: `{command}` is not set up in this app: ask the app's "
    "administrator.",
    "error.no_catalog": ":no_entry: Creating tasks is not set up: ask the app's administrator "
    "to set IVC_ORGANIZATION_ID (the organization whose cameras can be picked).",
    "error.not_a_manager": (
        ":no_entry: Only task managers can create or delete retrieval tasks: ask the app's "
        "administrator to add you (or a user group of yours) to TASK_MANAGERS."
    ),
    "error.user_guest": ":no_entry: Guest accounts can't see retrieval tasks: ask the app's "
    "administrator (ALLOW_GUESTS).",
    "error.user_unknown": (
        ":no_entry: Your account could not be checked just now; try again in a moment."
    ),
    "refused.title": "Not available",
    "error.user_external": (
        ":no_entry: This app shows its retrieval tasks only to members of the workspace that "
        "installed it, and you are from another organisation: ask someone there, or ask its "
        "administrator about ALLOW_EXTERNAL_USERS."
    ),
    "error.tenant_unknown": (
        ":no_entry: Slack did not say which workspace this request belongs to, so nothing was "
        "shown: try again from a channel of the workspace that installed the app."
    ),
    "error.task_not_found": (
        ":x: IVC lists no task {task_id}: check the TaskId; `/retrieval-tasks all` lists the "
        "tasks IVC has."
    ),
    "error.too_fast": ":raised_hand: Too many requests in a short time: try again in {seconds} s.",
    # --- data tables, charts, alerts (en) ---
    "table.column.name": "Task name",
    "table.column.task_id": "TaskId",
    "table.column.status": "Status",
    "table.column.window": "Window",
    "table.column.capacity": "Capacity",
    "table.column.kept": "Copy kept",
    "table.days": "{days} days",
    "table.pick": "Open a task…",
    "report.header": "Retrieval report · last {days} days",
    "report.totals": "*{count}* tasks became retrieved · *{size}* retrieved",
    "report.totals.plain": "{count} tasks retrieved, {size}",
    "report.change": "{tasks} tasks · {size} from the period before",
    "report.no_previous": "No earlier period to compare: the history begins {since}.",
    "report.before_app": ":information_source: The history begins {since}: the {n} days "
    "before it (before the app ran, or past its retention) are not drawn.",
    "report.no_history": "No history yet: the app records task changes from its first poll on.",
    "report.chart.capacity": "Capacity retrieved per day (GB)",
    "report.chart.wait": "Wait from pending to retrieved (hours)",
    "report.series.gb": "GB",
    "report.series.median": "median",
    "report.series.p90": "90th percentile",
    "report.axis.hours": "hours",
    "report.per_day": "Tasks retrieved per day: {counts}",
    "report.day_line": "`{day}` {count} tasks · {size} · wait median {median} h, p90 {p90} h",
    "report.slowest": "*Slowest task:* {name} {task_id} waited {waited} from pending to retrieved.",
    "report.expiring": "*Copies expiring in the next 7 days (estimated)* · {count}",
    "report.expiring.none": "None.",
    "report.as_of": "Days in {zone} · as of {when}",
    "home.report": "Last 7 days",
    "problem.bad_weekday": "`{word}` is not a day of the week: use mon, tue, wed, thu, fri, "
    "sat or sun, e.g. `subscribe weekly mon 09:00`",
    "schedule.weekly": "weekly {day} {time}",
    "help.arg.weekly": "<mon|…|sun> HH:MM [Area/City]",
    "help.subscribe.weekly": "the report of the last 7 days (with charts) every week",
    "weekday.mon": "mon",
    "weekday.tue": "tue",
    "weekday.wed": "wed",
    "weekday.thu": "thu",
    "weekday.fri": "fri",
    "weekday.sat": "sat",
    "weekday.sun": "sun",
    "help.report": "a report of the last 7 or 30 days: capacity, waits, expiring copies",
    "problem.bad_period": "`{word}` is not a report period: use `report 7d` or `report 30d`.",
    # --- end of data tables, charts, alerts (en) ---
    # --- watches: the Watch button, watch / unwatch / watching, direct messages
    "watch.button": ":eyes: Watch",
    "watch.button_unwatch": "Unwatch",
    "watch.button_again": "Retrieve again",
    "watch.ready": ":white_check_mark: Your retrieval {name} ({task_id}) is ready.",
    "watch.ready_until": ":white_check_mark: Your retrieval {name} ({task_id}) is ready. "
    "Its copy is kept until about {expiry} (estimate).",
    "watch.gone": ":ghost: Task {name} ({task_id}) is no longer listed by IVC: its copy is "
    "gone. Your watch of it ends in a week.",
    "watch.expiring": ":hourglass_flowing_sand: The copy of {name} ({task_id}) expires in "
    "about {duration}, around {expiry} (estimate). Retrieve it again to keep the footage.",
    "watch.watched": ":eyes: You are watching {name} ({task_id}): a direct message when it "
    "is retrieved, when it disappears, and {hours} h before its copy expires.",
    "watch.watched_retrieved": ":eyes: {name} ({task_id}) is already retrieved: you will get "
    "a direct message {hours} h before its copy expires.",
    "watch.watched_retrieved_until": ":eyes: {name} ({task_id}) is already retrieved: you "
    "will get a direct message {hours} h before its copy expires (about {expiry}, estimate).",
    "watch.already": ":eyes: You already watch {task_id}.",
    "watch.unwatched": "You no longer watch {task_id}.",
    "watch.not_watching": "You were not watching {task_id}.",
    "watch.too_many": ":no_entry: You already watch {limit} tasks, the most allowed: unwatch "
    "some first (`/retrieval-tasks watching` lists them).",
    "watching.header": "*Your watches* · {count}",
    "watching.none": "You watch no tasks: `/retrieval-tasks watch <TaskId>` starts one.",
    "watching.gone": "no longer listed",
    "watching.expires": " · copy expires about {expiry} (estimate)",
    "watching.paused": " · paused: {reason}",
    "home.watches": "*My watches* · {count}",
    "home.no_watches": "You watch no tasks: use Watch on a task, or `/retrieval-tasks watch "
    "<TaskId>`.",
    "help.watch": "direct messages to you when the task is retrieved, when it disappears "
    "and before its copy expires",
    "help.unwatch": "stop watching the task",
    "help.watching": "the tasks you watch",
    # --- end of watches
    # --- playing a recording: Play buttons, the link, refusals ------------------------------
    "refusal.archived": "this recording is in archive storage: retrieve it first (or again, "
    "if its copy expired)",
    "refusal.no_recording": "IVC has no recording of this camera in this window",
    "play.button": "Play",
    "play.again": "Play again",
    "play.channel_button": "Play {name}",
    "play.pick": "Pick a camera to play",
    "play.heading": ":arrow_forward: *Play the footage* (the link is shown only to you)",
    "play.choose": ":arrow_forward: Play task {name}: pick a camera ({count} with a recording).",
    "play.ready": ":arrow_forward: Recording of *{camera}* in task {name}, {window}.",
    "play.fallback": "Recording of {camera}",
    "play.open": "Open recording",
    "play.fetched": "Link fetched {when}. It works for a short while only: if it stops "
    "working, click Play again for a new one.",
    "play.only_you": "Only you can see it; don't share it.",
    "play.not_retrieved": ":hourglass: Task {task_id} is not retrieved yet: Play works once "
    "its status is Retrieved.",
    "play.expired": ":no_entry: The retrieved copy of task {task_id} has expired (estimate): "
    "retrieve the window again with a new task.",
    "play.no_channel": ":x: Task {task_id} has no camera channel {channel_id} with a "
    "retrieved recording: `show {task_id}` lists its channels.",
    "play.nothing": ":no_entry_sign: No camera of task {task_id} has a retrieved recording.",
    "play.refused": ":no_entry: IVC refused to play task {task_id}: {reason}",
    "help.play": "a fresh link to a retrieved task's recording, only for you",
    "help.arg.channel": "<TaskId> [ChannelId]",
    # --- end of playing a recording --------------------------------------------------------
    # --- downloading a clip (API 3.0 DescribeVideoDownloadUrl): Download…, the modal, the link
    "menu.download": "⬇ Download…",
    "download.button": "Download…",
    "download.title": "Download a clip",
    "download.submit": "Get link",
    "download.close": "Cancel",
    "download.about": ":arrow_down: Task {name} (TaskId {task_id}) holds {window}. Pick a "
    "camera and up to 60 minutes of it: the link is shown only to you and works for {life}.",
    "download.camera": "Camera",
    "download.start": "From",
    "download.end": "To",
    "download.times_hint": "In your time zone; at most 60 minutes, within the task's window.",
    "download.format": "File format",
    "download.format_mp4": "MP4 (plays almost anywhere)",
    "download.format_ts": "TS (the stream as recorded)",
    "download.field_missing": "fill in this field",
    "download.field_empty": "the end must come after the start",
    "download.field_too_long": "a clip is at most 60 minutes: shorten it",
    "download.field_outside": "pick times within the task's window",
    "download.working": ":hourglass: Getting the download link…",
    "download.sent": ":white_check_mark: The link is in the conversation, shown only to you.",
    "download.undelivered": ":warning: The link could not be shown in the conversation: "
    "click Download… again.",
    "download.ready": ":arrow_down: Clip of *{camera}* in task {name}, {window} ({format}).",
    "download.fallback": "Download of {camera}",
    "download.open": "Download file",
    "download.again": "Another clip…",
    "download.fetched": "Link fetched {when}; it works for {life}: for a new one, click "
    "Another clip….",
    "download.actual": "The file holds {window}.",
    "download.only_you": "Only you can see it; don't share it.",
    "download.life_seconds": "{n} seconds",
    "download.life_seconds.one": "1 second",
    "download.life_minutes": "{n} minutes",
    "download.life_minutes.one": "1 minute",
    "download.life_hours": "{n} hours",
    "download.life_hours.one": "1 hour",
    "download.needs_cloudapi": ":no_entry_sign: Downloading a clip needs Tencent Cloud API "
    "3.0: ask the app's admin to set `IVC_API=cloudapi`.",
    "download.not_retrieved": ":hourglass: Task {task_id} is not retrieved yet: Download works "
    "once its status is Retrieved.",
    "download.expired": ":no_entry: The retrieved copy of task {task_id} has expired "
    "(estimate): retrieve the window again with a new task.",
    "download.no_channel": ":x: Task {task_id} has no camera channel {channel_id} with a "
    "retrieved recording: `show {task_id}` lists its channels.",
    "download.nothing": ":no_entry_sign: No camera of task {task_id} has a retrieved recording "
    "to download.",
    "download.refused": ":no_entry: IVC refused the download from task {task_id}: {reason}",
    "download.empty": ":x: The end of the clip must come after its start.",
    "download.too_long": ":x: A clip is at most 60 minutes: pick a shorter one within {window}.",
    "download.outside": ":x: That clip is not inside the window of task {task_id} ({window}): "
    "pick times within it.",
    "download.pick_in_dialog": ":arrow_down: Pick the camera and the minutes of task "
    "{task_id} in the dialog.",
    "download.dialog_failed": ":warning: The dialog did not open: click Download… to try again.",
    "help.download": "a link to download up to 60 minutes of a retrieved task's recording "
    "(mp4 or ts; times in your time zone; the first 60 minutes by default), only for you "
    "(needs `IVC_API=cloudapi`)",
    "help.arg.clip": "<TaskId> [ChannelId] [HH:MM-HH:MM]",
    "problem.bad_clip": "`{word}` is not a clip: use HH:MM-HH:MM in your time zone, e.g. "
    "`09:00-09:30`",
    # --- end of downloading a clip ---------------------------------------------------------
    # recording check: is there anything to retrieve? ---------------------------------------
    "recording.checking": ":hourglass: Checking the cameras' recordings…",
    "recording.skipped": "Recordings were not checked before the retrieval: the IVC API "
    "(IVC_API=ivc) has no DescribeRecordFile, only API 3.0 (IVC_API=cloudapi) does.",
    "recording.case.archived": "archived recording in this window: it is retrieved",
    "recording.case.archived_part": "archived recording only {spans}: that is what is retrieved",
    "recording.case.not_archived": "recorded ({spans}) but not archived, so there is nothing to "
    "retrieve: play it instead; left out",
    "recording.case.none": "no recording in this window; left out",
    "recording.confirm": "{kept} of {total} cameras have archived recording in this window: "
    "Create retrieves those only.",
    "recording.nothing": "No camera has archived recording in this window: there is nothing "
    "to retrieve, and nothing was created.",
    "recording.more": "{names} and {count} more",
    "recording.heading": "*Recordings in this window* (times in {zone})",
    "recording.submit": "Create with {count} cameras",
    "recording.submit.one": "Create with 1 camera",
    "recording.refused": "IVC refused to check the recordings of {camera}: {reason}. Nothing "
    "was created.",
    "recording.failed": "The recordings of {camera} could not be checked ({reason}). Nothing "
    "was created: submit again to retry.",
    "recording.play": "Play",
    "recording.title": "Recording",
    "recording.fetching": ":hourglass: Fetching the recording link…",
    "recording.ready": ":arrow_forward: Recording of *{camera}*, {window}.",
    "recording.play_refused": ":no_entry: IVC refused to play {camera}: {reason}",
    "recording.play_invalid": ":x: This recording cannot be played from here: check the camera "
    "and the window in the form.",
    # --- end of the recording check --------------------------------------------------------
}

ZH: dict[str, str] = {
    # a card's menu, New retrieval, Retrieve again ---------------------------------------
    "menu.show": "查看详情",
    "menu.play": "▶ 播放",
    "menu.watch": "关注 / 取消关注",
    "menu.delete": "删除…",
    "menu.again": "再次取回",
    "menu.link": "🔗 打开任务链接",
    "menu.invalid": ":x: 该选项已失效：请重新运行命令。",
    "button.new_task": "新建取回",
    "form.preparing": ":hourglass: 正在准备表单…",
    "form.again_gone": "IVC 已不再列出 {name}，无法得知其摄像头和时间段：请重新选择。",
    # end of a card's menu, New retrieval, Retrieve again --------------------------------
    "delete.confirm": ":wastebasket: 删除取回任务 {name}（TaskId {task_id}）？"
    "已取回的副本也会删除。",
    "delete.button": "删除",
    "delete.ask": "删除…",
    "delete.cancel": "保留",
    "delete.kept": "已保留任务 {task_id}。",
    "delete.retrieving": ":no_entry: 任务 {task_id} 正在取回，不能删除：请等它完成。",
    "delete.done": ":wastebasket: 已删除任务 {name}（TaskId {task_id}）。",
    "delete.refused": ":no_entry: IVC 拒绝删除任务 {task_id}：{reason}",
    "delete.title": "删除任务",
    "delete.working": ":hourglass: 正在删除任务 {task_id}…",
    "delete.card": ":wastebasket: 已在 Slack 中删除",
    "form.title": "新建取回任务",
    "form.submit": "开始",
    "form.close": "取消",
    "form.name": "任务名称",
    "form.date": "日期",
    "form.start": "开始时间",
    "form.end": "结束时间",
    "form.zone": "时间按你的时区（{zone}）。",
    "form.cameras": "摄像头",
    "form.cameras_hint": "输入设备或通道名称的一部分；最多 32 个。",
    "form.expiration": "副本保留天数",
    "form.describe": "描述",
    "form.starting": ":hourglass: 正在启动取回…",
    "form.started": ":white_check_mark: 已启动取回任务 {name}（TaskId {task_id}）。",
    "form.failed": ":x: IVC 未能启动取回：{reason}",
    "form.missing": "请填写此项",
    "form.cameras_unavailable": "无法从 IVC 加载摄像头列表：请稍后再试；"
    "若仍不行，请应用管理员查看其日志",
    "refusal.name_invalid": "任务名称为 1 到 32 个汉字、字母、数字、_ 或 -",
    "refusal.name_taken": "已有任务使用此名称：请换一个",
    "refusal.window_invalid": "结束时间必须晚于开始时间",
    "refusal.window_too_long": "时间段最长一天：请缩短",
    "refusal.window_crosses_midnight": "时间段不能跨越 IVC 时区（{zone}）的午夜：请拆成两个任务",
    "refusal.mode_invalid": "IVC 只支持快速模式",
    "refusal.expiration_out_of_range": "副本保留 1 到 365 天",
    "refusal.channel_count": "请选择 1 到 32 个摄像头",
    "refusal.unknown_device": "IVC 不认识此设备：请重新选择摄像头",
    "refusal.unknown_channel": "IVC 不认识此摄像头：请重新选择",
    "refusal.unknown_organization": "IVC 不认识该组织：请应用管理员检查 IVC_ORGANIZATION_ID",
    "refusal.task_retrieving": "取回中的任务不能删除：请等它完成",
    "refusal.describe_invalid": "描述只能包含汉字、字母、数字、_ 和 -，且不能太长：请修改",
    "refusal.missing_field": "IVC 缺少任务的某个字段：请填写所有字段",
    "refusal.window_too_short": "时间段至少 10 分钟：请延长",
    "refusal.start_in_future": "时间段的开始时间在未来：请选择已经过去的时间",
    "refusal.channel_of_other_device": "摄像头的通道不属于其设备：请重新选择摄像头",
    "filter.all": "全部任务",
    "filter.pending": "待取回任务",
    "filter.retrieving": "取回中任务",
    "filter.retrieved": "已取回任务",
    "filter.search": "搜索结果",
    "header.count": "{title} · {count}",
    "status.retrieving": "取回中",
    "status.pending": "待取回",
    "status.retrieved": "已取回",
    "status.unknown": "状态 {value}",
    "status.no_archive": "无归档录像",
    "status.unknown_group": "未知状态",
    "field.name": "任务名称",
    "field.task_id": "任务 ID",
    "field.status": "状态",
    "field.window": "时间范围",
    "field.mode": "模式",
    "field.capacity": "容量",
    "field.expiration": "副本有效期",
    "mode.fast": "极速",
    "mode.unknown": "模式 {value}",
    "expiration.days": "保留 {days} 天",
    "expiration.day": "保留 1 天",
    "capacity.none": "—",
    "name.empty": "（无名称）",
    "list.range": "第 {first}–{last} 条，共 {total} 条",
    "list.page": "第 {page}/{pages} 页",
    "list.search": "搜索：{query}",
    "empty.all": "目前没有取回任务。",
    "empty.pending": "目前没有待取回的任务。",
    "empty.retrieving": "目前没有取回中的任务。",
    "empty.retrieved": "目前没有已取回的任务。",
    "empty.search": "没有与 {query} 匹配的任务。",
    "empty.hint": "试试 `全部` 查看所有任务。",
    "button.previous": "上一页",
    "button.next": "下一页",
    "button.refresh": "刷新",
    "age.seconds": "更新于 {n} 秒前",
    "age.minutes": "更新于 {n} 分钟前",
    "age.hours": "更新于 {n} 小时前",
    "age.days": "更新于 {n} 天前",
    "ago.seconds": "{n} 秒前",
    "ago.minutes": "{n} 分钟前",
    "ago.hours": "{n} 小时前",
    "ago.days": "{n} 天前",
    "stale": ":warning: IVC 无响应（{error}）；显示的是 {ago}的数据",
    "stale.no_error": "无详细信息",
    "skipped": "已跳过 {n} 条格式错误的记录",
    "skipped.one": "已跳过 1 条格式错误的记录",
    "details.header": "任务详情",
    "details.channels": "*通道 · {count}*",
    "details.no_channels": "此任务没有列出通道。",
    "details.more": "另有 {n} 个通道",
    "details.more.one": "另有 1 个通道",
    "counts.line": "{count} 个任务 · {capacity}",
    "counts.line.one": "1 个任务 · {capacity}",
    "counts.total": "合计",
    "help.header": "取回任务：帮助",
    "help.intro": "显示 IVC 录像取回任务。命令可用中文或英文，不区分大小写：",
    "help.all": "全部任务（默认）",
    "help.pending": "等待取回的任务",
    "help.retrieving": "正在取回的任务",
    "help.retrieved": "录像已取回的任务",
    "help.show": "单个任务及其通道",
    "help.search": "名称或任务 ID 包含该文字的任务",
    "help.summary": "各状态的任务数和容量",
    "help.help": "本帮助",
    "help.modifiers": "可加在任意位置：",
    "help.refresh": "立即向 IVC 查询，不使用缓存",
    "help.public": "发到频道里，而不是只给你看",
    "help.arg.task_id": "<任务 ID>",
    "help.arg.text": "<文字>",
    "problem.unknown": "未知命令 `{word}`",
    "problem.missing_task_id": "`{word}` 需要一个任务 ID，例如 `{word} 0123abcd…`",
    "problem.missing_query": "`{word}` 需要要查找的文字，例如 `搜索 大厅`",
    "problem.missing_schedule": (
        "`{word}` 需要时间表，例如 `订阅 每天 09:00`、`订阅 每 4h` 或 `订阅 通知`"
    ),
    "problem.bad_schedule": (
        "`{word}` 不是时间表：请用 `每天 HH:MM`、`工作日 HH:MM`、`每 4h` 或 `通知`"
    ),
    "problem.missing_time": "`{word}` 需要一个时间，例如 `{word} 09:00`",
    "problem.bad_time": "`{word}` 不是有效时间：请用 00:00 到 23:59 之间的 HH:MM，例如 `09:00`",
    "problem.unknown_timezone": (
        "未知时区 `{word}`：请用“地区/城市”形式的名称，例如 `Asia/Shanghai`"
    ),
    "problem.missing_interval": "`{word}` 需要一个间隔，例如 `每 4h`",
    "problem.bad_interval": (
        "`{word}` 不是有效间隔：请用 1h 到 24h（或 15m 到 1440m，以 5 分钟为单位），例如 `每 4h`"
    ),
    "problem.bad_event": (
        "`{word}` 不是可订阅的事件：请用 `新任务`、`待取回`、`取回中` 或 `已取回`，"
        "例如 `订阅 通知 待取回,已取回`"
    ),
    "problem.missing_id": "`{word}` 需要订阅编号，例如 `{word} 3`；`订阅列表` 会列出编号",
    "problem.bad_id": "`{word}` 不是订阅编号：请用 `订阅列表` 显示的 #编号，例如 `取消订阅 3`",
    "help.subscriptions.title": "频道订阅：",
    "help.subscribe.daily": "每天在该时间向本频道发送状态汇总",
    "help.subscribe.weekdays": "同上，仅周一至周五",
    "help.subscribe.every": "每 N 小时发送一次汇总（1h 到 24h）",
    "help.subscribe.notify": "任务出现或状态变化时发消息（默认：新任务和已取回）",
    "help.subscriptions": "本频道的订阅及其编号",
    "help.unsubscribe": "取消一个订阅，或本频道的全部订阅",
    "help.pause": "暂时停止一个订阅",
    "help.resume": "重新开启已暂停的订阅",
    "help.arg.time": "HH:MM [地区/城市]",
    "help.arg.id": "<编号>",
    "help.arg.events": "[待取回,取回中,已取回]",
    "schedule.daily": "每天 {time}",
    "schedule.weekdays": "工作日 {time}",
    "schedule.every": "每 {interval}",
    "schedule.notify": "通知 {events}",
    "event.appeared": "新任务",
    "event.pending": "待取回",
    "event.retrieving": "取回中",
    "event.retrieved": "已取回",
    "duration.under_minute": "不到 1 分钟",
    "duration.minutes": "{m} 分钟",
    "duration.hours": "{h} 小时",
    "duration.hours_minutes": "{h} 小时 {m} 分钟",
    "duration.days": "{d} 天",
    "duration.days_hours": "{d} 天 {h} 小时",
    "subs.header": "本频道的订阅 · {count}",
    "subs.summary": ":calendar: 汇总 {what}",
    "subs.notify": ":bell: 通知 {what}",
    "subs.next": "下次：{when}",
    "subs.on_change": "任务变化时发送",
    "subs.active": ":large_green_circle: 生效中",
    "subs.paused": ":double_vertical_bar: 已暂停",
    "subs.reason.by_user": "已手动暂停；`恢复 {id}` 可重新开启",
    "subs.reason.not_in_channel": (
        "已暂停，因为我无法在此发消息：请用 `/invite @{bot}` 邀请我，然后 `恢复 {id}`"
    ),
    "subs.reason.channel_archived": "已暂停，因为频道已归档",
    "subs.reason.other": "已暂停：{reason}",
    "subs.empty": (
        "本频道还没有订阅。试试 `订阅 每天 09:00` 每天接收汇总，"
        "或 `订阅 通知` 在任务出现或取回完成时收到消息。"
    ),
    "subs.more": "另有 {n} 个订阅",
    "sub.subscribed.summary": ":white_check_mark: 已订阅（#{id}）：本频道将按 {what} 收到汇总。",
    "sub.subscribed.notify": ":white_check_mark: 已订阅（#{id}）：本频道将收到 {what} 的通知。",
    "sub.next": "下次：{when}",
    "sub.unsubscribed": ":wastebasket: 已取消订阅 {ids}。",
    "sub.unsubscribed.none": "本频道没有可取消的订阅。",
    "sub.paused": ":double_vertical_bar: 已暂停 #{id}（{what}）；`恢复 {id}` 可重新开启。",
    "sub.resumed": ":arrow_forward: 已恢复 #{id}（{what}）。",
    "error.duplicate": "本频道已有 {what}（#{id}）",
    "error.not_found": "本频道没有订阅 #{id}；`订阅列表` 会列出所有订阅。",
    "error.not_in_channel": "我无法在此频道发消息：请先用 `/invite @{bot}` 邀请我，然后重试",
    "error.not_allowed": "只有工作区管理员可以修改本频道的订阅。",
    "shared.by": "由 {name} 通过 `/retrieval-tasks show` 分享",
    "error.too_many_subscriptions": (
        "本频道已有 {limit} 个订阅，已达上限：请先用 `unsubscribe <编号>` 取消一个"
    ),
    "error.subscribing_too_fast": "一分钟内 `subscribe` 命令过多：请 {seconds} 秒后再试",
    "csum.header": "取回任务汇总 · {count}",
    "csum.changed": "*自 {since} 以来的状态变化* · {count}",
    "csum.changed.none": "自 {since} 以来没有状态变化。",
    "csum.now": "现为 {status}",
    "csum.oldest": "*等待最久的待取回任务*",
    "csum.waiting": "已等待 {duration}",
    "csum.expiring": "*24 小时内到期的副本（估计）* · {count}",
    "csum.expires_in": "约 {duration}后过期（估计）",
    "csum.estimate_note": "到期时间为估计值：首次发现已取回的时间加上副本保留天数。",
    "csum.more": "另有 {n} 个",
    "csum.as_of": "截至 {when}",
    "button.open_list": "打开完整列表",
    "notify.appeared": ":new: 新的取回任务",
    "notify.changed": "取回任务现为{status}",
    "notify.status_changed": "状态变化：{old} → {new}",
    "notify.status_now": "当前状态：{new}",
    "notify.gone": ":wastebasket: IVC 已不再列出此任务（自 {when} 起）",
    "notify.gone.undated": ":wastebasket: IVC 已不再列出此任务",
    "home.header": "取回任务",
    "home.no_data": "还没有任务数据：请点击刷新。",
    "home.error": ":warning: 出错：{error}",
    "home.subscriptions": "*订阅* · {count}",
    "home.no_subscriptions": "还没有频道订阅。在频道中输入 `/retrieval-tasks 订阅 每天 09:00`。",
    "home.more_channels": "另有 {n} 个频道",
    "error.ivc": ":x: IVC 出错：{error}",
    "error.generic": ":x: 我们这边出了点问题，请稍后重试。",
    "error.database": ":x: 应用暂时无法连接它的数据库；没有做任何更改；请一分钟后重试。",
    "fetching": ":hourglass: 正在从 IVC 获取任务…",
    "working": ":hourglass: 正在处理…",
    "error.not_connected": (
        ":electric_plug: 本工作区还没有 IVC 账号：请管理员在应用主页中连接 IVC。"
    ),
    "ivc.header": "IVC 账号",
    "ivc.connected": ":white_check_mark: 已连接：SecretId 末尾 `{tail}`（{api}）。",
    "ivc.last_ok": "最近一次成功：{when}。",
    "ivc.never_ok": "尚未使用。",
    "ivc.last_error": ":warning: 最近一次出错：{error}",
    "ivc.not_connected": ":electric_plug: 未连接：请管理员在此连接 IVC。",
    "ivc.admins_only": "只有工作区管理员或所有者可以连接 IVC。",
    "ivc.connect": "连接 IVC",
    "ivc.edit": "修改连接",
    "ivc.disconnect": "断开连接",
    "ivc.disconnect_title": "断开 IVC？",
    "ivc.disconnect_text": "已保存的密钥将被删除；本工作区的订阅和关注将暂停。",
    "ivc.modal_title": "连接 IVC",
    "ivc.save": "保存",
    "ivc.cancel": "取消",
    "ivc.test": "测试",
    "ivc.api": "API",
    "ivc.api_ivc": "IVC（/ivc/ 接口）",
    "ivc.api_cloudapi": "API 3.0（iss）",
    "ivc.secret_id": "SecretId",
    "ivc.secret_key": "SecretKey",
    "ivc.secret_key_hint": "加密保存，之后不再显示。",
    "ivc.secret_key_keep": "留空则保留已保存的 SecretKey。",
    "ivc.token": "STS 临时令牌（可选）",
    "ivc.region": "地域（API 3.0，例如 ap-guangzhou；可选）",
    "ivc.organization": "组织 ID（创建任务时需要；可选）",
    "ivc.intro": "本工作区的 IVC 调用只使用此账号。",
    "ivc.test_ok": ":white_check_mark: IVC 已应答：列出 {count} 个任务。",
    "ivc.test_refused": ":x: IVC 拒绝：{error}",
    "ivc.timeout": ":x: IVC 未及时应答，请重试。",
    "ivc.key_needed": "请输入 SecretKey。",
    "ivc.bad_field": "只能包含字母、数字和 -。",
    "ivc.saved": ":white_check_mark: 已连接 IVC。应用主页会显示该账号。",
    "ivc.not_admin": ":no_entry: 只有工作区管理员或所有者可以修改 IVC 连接。",
    "ivc.too_many": ":raised_hand: 本工作区测试 IVC 连接过于频繁：请 {seconds} 秒后再试。",
    "people.header": "*工作区设置*",
    "people.title": "工作区设置",
    "people.edit": "修改设置",
    "people.intro": "本工作区中谁可以做什么。留空：使用部署的默认值；`none`：无人（无频道）。",
    "people.default": "部署的默认值",
    "people.nobody": "无人",
    "people.task_managers": "任务管理员",
    "people.viewers": "可查看者",
    "people.subscription_admins": "订阅管理员",
    "people.audit_channel": "审计频道",
    "people.task_managers_hint": "可以创建和删除取回任务的用户和用户组 ID（U…、S…）。",
    "people.viewers_hint": "可以查看任务的用户和用户组 ID（U…、S…）。",
    "people.subscription_admins_hint": "可以修改订阅的用户 ID（U…）。",
    "people.audit_channel_hint": "每次创建和删除都会发到的频道 ID（C…）。",
    "people.bad_task_managers": "Slack 用户或用户组 ID（U…、S…），用逗号分隔。",
    "people.bad_viewers": "Slack 用户或用户组 ID（U…、S…），用逗号分隔。",
    "people.bad_subscription_admins": "Slack 用户 ID（U…），用逗号分隔。",
    "people.bad_audit_channel": "一个 Slack 频道 ID（C…）。",
    "people.saved": ":white_check_mark: 工作区设置已保存。",
    "people.everyone": "所有人",
    "people.operators": ":lock: 本工作区使用应用运营方的 IVC 账号，"
    "这些设置由运营方在应用的环境变量中设定，无法在此修改。",
    "team_not_allowed": ":no_entry: 此应用未对本工作区开放：请管理员将本工作区加入 "
    "SLACK_ALLOWED_TEAM_IDS。",
    "error.user_not_viewer": ":no_entry: 你无权查看取回任务："
    "请应用管理员把你（或你所在的用户组）加入 VIEWERS。",
    "error.not_set_up": ":no_entry: 此应用尚未启用 `{command}`：请联系应用管理员。",
    "error.no_catalog": ":no_entry: 尚未启用新建任务：请应用管理员设置 IVC_ORGANIZATION_ID"
    "（可选摄像头所属的组织）。",
    "error.not_a_manager": ":no_entry: 只有任务管理员可以新建或删除取回任务："
    "请应用管理员把你（或你所在的用户组）加入 TASK_MANAGERS。",
    "error.user_guest": ":no_entry: 访客账号不能查看取回任务：请联系应用管理员（ALLOW_GUESTS）。",
    "error.user_unknown": ":no_entry: 暂时无法核实你的账号，请稍后再试。",
    "refused.title": "无法使用",
    "error.user_external": ":no_entry: 本应用只向安装它的工作区成员显示取回任务，而你来自其他组织："
    "请联系该工作区的成员，或向其管理员询问 ALLOW_EXTERNAL_USERS。",
    "error.tenant_unknown": ":no_entry: Slack 没有说明此请求属于哪个工作区，因此没有显示任何内容："
    "请在安装本应用的工作区的频道中重试。",
    "error.task_not_found": (
        ":x: IVC 没有任务 {task_id}：请检查 TaskId；`/retrieval-tasks all` 会列出所有任务。"
    ),
    "error.too_fast": ":raised_hand: 短时间内请求过多：请 {seconds} 秒后再试。",
    # --- data tables, charts, alerts (zh) ---
    "table.column.name": "任务名称",
    "table.column.task_id": "任务 ID",
    "table.column.status": "状态",
    "table.column.window": "时间段",
    "table.column.capacity": "容量",
    "table.column.kept": "副本保留",
    "table.days": "{days} 天",
    "table.pick": "打开一个任务…",
    "report.header": "取回报告 · 最近 {days} 天",
    "report.totals": "*{count}* 个任务变为已取回 · 共取回 *{size}*",
    "report.totals.plain": "{count} 个任务已取回，{size}",
    "report.change": "与上一周期相比：{tasks} 个任务 · {size}",
    "report.no_previous": "没有可比较的上一周期：历史记录始于 {since}。",
    "report.before_app": ":information_source: 历史记录始于 {since}：之前的 {n} 天"
    "（应用尚未运行，或已超出保留期）不绘制。",
    "report.no_history": "还没有历史记录：应用从第一次轮询起记录任务变化。",
    "report.chart.capacity": "每天取回的容量（GB）",
    "report.chart.wait": "从待取回到已取回的等待（小时）",
    "report.series.gb": "容量（GB）",
    "report.series.median": "中位数",
    "report.series.p90": "第 90 百分位",
    "report.axis.hours": "小时",
    "report.per_day": "每天取回的任务数：{counts}",
    "report.day_line": "`{day}` {count} 个任务 · {size} · 等待中位数 {median} 小时，p90 {p90} 小时",
    "report.slowest": "*最慢的任务：* {name} {task_id} 从待取回到已取回等待了 {waited}。",
    "report.expiring": "*未来 7 天内到期的副本（估计）* · {count}",
    "report.expiring.none": "无。",
    "report.as_of": "日期按 {zone} · 截至 {when}",
    "home.report": "最近 7 天",
    "problem.bad_weekday": "`{word}` 不是星期几：请用 一、二、三、四、五、六 或 日，"
    "例如 `订阅 每周 一 09:00`",
    "schedule.weekly": "每周 {day} {time}",
    "help.arg.weekly": "<一|…|日> HH:MM [地区/城市]",
    "help.subscribe.weekly": "每周发送最近 7 天的报告（带图表）",
    "weekday.mon": "一",
    "weekday.tue": "二",
    "weekday.wed": "三",
    "weekday.thu": "四",
    "weekday.fri": "五",
    "weekday.sat": "六",
    "weekday.sun": "日",
    "help.report": "最近 7 天或 30 天的报告：容量、等待时间、即将到期的副本",
    "problem.bad_period": "`{word}` 不是报告周期：请用 `报告 7天` 或 `报告 30天`。",
    # --- end of data tables, charts, alerts (zh) ---
    # --- 关注：关注按钮、关注 / 取消关注 / 关注列表、私信
    "watch.button": ":eyes: 关注",
    "watch.button_unwatch": "取消关注",
    "watch.button_again": "重新取回",
    "watch.ready": ":white_check_mark: 你的取回任务 {name}（{task_id}）已完成。",
    "watch.ready_until": ":white_check_mark: 你的取回任务 {name}（{task_id}）已完成。"
    "副本约保留到 {expiry}（估计）。",
    "watch.gone": ":ghost: IVC 已不再列出任务 {name}（{task_id}）：副本已不存在。"
    "对它的关注将在一周后结束。",
    "watch.expiring": ":hourglass_flowing_sand: {name}（{task_id}）的副本约 {duration}后过期，"
    "大约在 {expiry}（估计）。如需保留录像，请重新取回。",
    "watch.watched": ":eyes: 你已关注 {name}（{task_id}）：取回完成、任务消失，以及副本过期前 "
    "{hours} 小时，都会私信通知你。",
    "watch.watched_retrieved": ":eyes: {name}（{task_id}）已取回：副本过期前 {hours} 小时会私信"
    "提醒你。",
    "watch.watched_retrieved_until": ":eyes: {name}（{task_id}）已取回：副本过期前 {hours} 小时"
    "会私信提醒你（约 {expiry}，估计）。",
    "watch.already": ":eyes: 你已经关注了 {task_id}。",
    "watch.unwatched": "已取消关注 {task_id}。",
    "watch.not_watching": "你没有关注 {task_id}。",
    "watch.too_many": ":no_entry: 你已关注 {limit} 个任务，已达上限：请先取消关注一些"
    "（`/retrieval-tasks 关注列表` 可查看）。",
    "watching.header": "*你的关注* · {count}",
    "watching.none": "你没有关注任何任务：`/retrieval-tasks 关注 <TaskId>` 可开始关注。",
    "watching.gone": "已不再列出",
    "watching.expires": " · 副本约 {expiry} 过期（估计）",
    "watching.paused": " · 已暂停：{reason}",
    "home.watches": "*我的关注* · {count}",
    "home.no_watches": "你没有关注任何任务：在任务上点“关注”，或使用 `/retrieval-tasks 关注 "
    "<TaskId>`。",
    "help.watch": "任务取回完成、任务消失以及副本过期前私信通知你",
    "help.unwatch": "不再关注该任务",
    "help.watching": "你关注的任务",
    # --- 关注结束
    # --- 播放录像：播放按钮、链接、拒绝 --------------------------------------------------
    "refusal.archived": "该录像在归档存储中：请先取回（副本已过期则需重新取回）",
    "refusal.no_recording": "IVC 在此时间段没有该摄像头的录像",
    "play.button": "播放",
    "play.again": "再次播放",
    "play.channel_button": "播放 {name}",
    "play.pick": "选择要播放的摄像头",
    "play.heading": ":arrow_forward: *播放录像*（链接只显示给你）",
    "play.choose": ":arrow_forward: 播放任务 {name}：请选择摄像头（{count} 个有录像）。",
    "play.ready": ":arrow_forward: 任务 {name} 中 *{camera}* 的录像，{window}。",
    "play.fallback": "{camera} 的录像",
    "play.open": "打开录像",
    "play.fetched": "链接获取于 {when}，只在短时间内有效：如果打不开，请再次点击播放获取新链接。",
    "play.only_you": "只有你能看到它，请勿分享。",
    "play.not_retrieved": ":hourglass: 任务 {task_id} 尚未取回：状态变为已取回后才能播放。",
    "play.expired": ":no_entry: 任务 {task_id} 取回的副本已过期（估计）："
    "请新建任务重新取回该时间段。",
    "play.no_channel": ":x: 任务 {task_id} 没有已取回录像的摄像头通道 {channel_id}："
    "`详情 {task_id}` 会列出它的通道。",
    "play.nothing": ":no_entry_sign: 任务 {task_id} 没有已取回录像的摄像头。",
    "play.refused": ":no_entry: IVC 拒绝播放任务 {task_id}：{reason}",
    "help.play": "获取已取回任务录像的新链接，只显示给你",
    "help.arg.channel": "<任务 ID> [通道 ID]",
    # --- 播放录像结束 ----------------------------------------------------------------------
    # --- 下载录像片段（API 3.0 DescribeVideoDownloadUrl）：下载…、对话框、链接 -------------
    "menu.download": "⬇ 下载…",
    "download.button": "下载…",
    "download.title": "下载录像片段",
    "download.submit": "获取链接",
    "download.close": "取消",
    "download.about": ":arrow_down: 任务 {name}（任务 ID {task_id}）的录像时间为 {window}。"
    "请选择摄像头和最长 60 分钟：链接只显示给你，有效期 {life}。",
    "download.camera": "摄像头",
    "download.start": "开始",
    "download.end": "结束",
    "download.times_hint": "按你的时区显示；最长 60 分钟，且在任务的时间范围内。",
    "download.format": "文件格式",
    "download.format_mp4": "MP4（几乎所有播放器都能播放）",
    "download.format_ts": "TS（按录制的原始流）",
    "download.field_missing": "请填写此项",
    "download.field_empty": "结束时间必须晚于开始时间",
    "download.field_too_long": "片段最长 60 分钟：请缩短",
    "download.field_outside": "请选择任务时间范围内的时间",
    "download.working": ":hourglass: 正在获取下载链接…",
    "download.sent": ":white_check_mark: 链接已发到对话中，只有你能看到。",
    "download.undelivered": ":warning: 无法在对话中显示链接：请再次点击“下载…”。",
    "download.ready": ":arrow_down: 任务 {name} 中 *{camera}* 的片段，{window}（{format}）。",
    "download.fallback": "{camera} 的下载",
    "download.open": "下载文件",
    "download.again": "另一个片段…",
    "download.fetched": "链接获取于 {when}，有效期 {life}：需要新链接请点击“另一个片段…”。",
    "download.actual": "文件包含 {window}。",
    "download.only_you": "只有你能看到它，请勿分享。",
    "download.life_seconds": "{n} 秒",
    "download.life_seconds.one": "1 秒",
    "download.life_minutes": "{n} 分钟",
    "download.life_minutes.one": "1 分钟",
    "download.life_hours": "{n} 小时",
    "download.life_hours.one": "1 小时",
    "download.needs_cloudapi": ":no_entry_sign: 下载录像片段需要腾讯云 API 3.0："
    "请应用管理员设置 `IVC_API=cloudapi`。",
    "download.not_retrieved": ":hourglass: 任务 {task_id} 尚未取回：状态变为已取回后才能下载。",
    "download.expired": ":no_entry: 任务 {task_id} 取回的副本已过期（估计）："
    "请新建任务重新取回该时间段。",
    "download.no_channel": ":x: 任务 {task_id} 没有已取回录像的摄像头通道 {channel_id}："
    "`详情 {task_id}` 会列出它的通道。",
    "download.nothing": ":no_entry_sign: 任务 {task_id} 没有可下载的已取回录像。",
    "download.refused": ":no_entry: IVC 拒绝下载任务 {task_id} 的录像：{reason}",
    "download.empty": ":x: 片段的结束时间必须晚于开始时间。",
    "download.too_long": ":x: 片段最长 60 分钟：请在 {window} 内选择更短的片段。",
    "download.outside": ":x: 该片段不在任务 {task_id} 的时间范围（{window}）内：请在其中选择时间。",
    "download.pick_in_dialog": ":arrow_down: 请在对话框中选择任务 {task_id} 的摄像头和时间。",
    "download.dialog_failed": ":warning: 对话框没有打开：请点击“下载…”重试。",
    "help.download": "获取已取回任务最长 60 分钟录像的下载链接（mp4 或 ts；按你的时区；"
    "默认前 60 分钟），只显示给你（需要 `IVC_API=cloudapi`）",
    "help.arg.clip": "<任务 ID> [通道 ID] [HH:MM-HH:MM]",
    "problem.bad_clip": "`{word}` 不是有效的片段：请用你所在时区的 HH:MM-HH:MM，例如 `09:00-09:30`",
    # --- 下载录像片段结束 ------------------------------------------------------------------
    # 录像检查：是否有可取回的内容 -----------------------------------------------------------
    "recording.checking": ":hourglass: 正在检查摄像头的录像…",
    "recording.skipped": "取回前未检查录像：IVC API（IVC_API=ivc）没有 DescribeRecordFile，"
    "只有 API 3.0（IVC_API=cloudapi）提供。",
    "recording.case.archived": "此时间段有归档录像：将被取回",
    "recording.case.archived_part": "仅 {spans} 有归档录像：取回的就是这些",
    "recording.case.not_archived": "有录像（{spans}）但未归档，无需取回：请直接播放；已排除",
    "recording.case.none": "此时间段没有录像；已排除",
    "recording.confirm": "{total} 个摄像头中有 {kept} 个在此时间段有归档录像：创建时只取回这些。",
    "recording.nothing": "没有摄像头在此时间段有归档录像：无可取回，未创建任务。",
    "recording.more": "{names} 等另外 {count} 个",
    "recording.heading": "*此时间段的录像*（时间按 {zone}）",
    "recording.submit": "创建（{count} 个摄像头）",
    "recording.submit.one": "创建（1 个摄像头）",
    "recording.refused": "IVC 拒绝检查 {camera} 的录像：{reason}。未创建任务。",
    "recording.failed": "无法检查 {camera} 的录像（{reason}）。未创建任务：请重新提交。",
    "recording.play": "播放",
    "recording.title": "录像",
    "recording.fetching": ":hourglass: 正在获取录像链接…",
    "recording.ready": ":arrow_forward: *{camera}* 的录像，{window}。",
    "recording.play_refused": ":no_entry: IVC 拒绝播放 {camera}：{reason}",
    "recording.play_invalid": ":x: 无法在此播放该录像：请在表单中检查摄像头和时间段。",
    # --- 录像检查结束 ----------------------------------------------------------------------
}

CATALOGUE: dict[str, dict[str, str]] = {"en": EN, "zh": ZH}


def normalise_lang(lang: str | None) -> str:
    """``"zh"`` for any Chinese locale (zh, zh-CN, zh_TW…), otherwise ``"en"``."""
    return "zh" if isinstance(lang, str) and lang.lower().startswith("zh") else "en"


def table_of(lang: str | None) -> dict[str, str]:
    """The catalogue of ``lang``; an exact "en" / "zh" skips ``normalise_lang``."""
    table = CATALOGUE.get(lang) if isinstance(lang, str) else None
    return table if table is not None else CATALOGUE[normalise_lang(lang)]


def counted(lang: str, key: str, amount: int, **values: object) -> str:
    """``key`` for an amount: the ``key.one`` entry when ``amount`` is 1 and it exists."""
    table = table_of(lang)
    chosen = f"{key}.one" if amount == 1 and f"{key}.one" in table else key
    return table[chosen].format(**values)


def label(lang: str, key: str, **values: object) -> str:
    """The label ``key`` in ``lang``, with ``values`` filled in."""
    template = table_of(lang)[key]
    return template.format(**values) if values else template
