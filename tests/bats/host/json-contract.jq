# The JSON contract of pci-lu(8) (section JSON OUTPUT), schema 1, as a jq
# filter: true when the document has exactly the documented shape.  The
# host tier runs every document any test prints through it (common.bash
# pl), with $rc, the exit status: "error" is null exactly when it is 0, and
# then its "exit" is that status.
def str_or_null: type == "string" or type == "null";
def int_or_null: type == "number" or type == "null";
def bool_or_null: type == "boolean" or type == "null";
def bit_or_null: . == 0 or . == 1 or . == null;
def count: type == "number" and . >= 0 and floor == .;
def bdf: type == "string" and
	test("^[0-9a-f]{4,8}:[0-9a-f]{2}:[01][0-9a-f]\\.[0-7]$");
def errobj: type == "object" and
	(keys == ["errno", "exit", "message", "reason", "what"]) and
	(.what | type == "string") and (.reason | type == "string") and
	(.errno | . == null or (type == "string" and test("^E[A-Z0-9]+$"))) and
	(.exit | . == 1 or . == 2 or . == 3 or . == 4 or . == 5 or . == 6 or
		. == 7) and
	.message == "pci-lu: \(.what): \(.reason)";
# "reason_code" of an object with a "status": the code of a status
# "blocked: <code>: <bdf> <why>", else null (ok, no status, a kernel
# without codes)
def coded: (.status | str_or_null) and
	if .reason_code == null then true
	else (.reason_code | type == "string" and
		test("^[a-z][a-z0-9-]*$")) and (.status | type == "string") and
		(.reason_code as $c | .status | startswith("blocked: \($c): "))
	end;
def device: (keys | sort) == (["bdf", "blocked", "bus_master", "path",
		"saved_bus_master", "status", "reason_code"] | sort) and
	(.bdf | bdf) and (.blocked | type == "boolean") and coded and
	(if .reason_code != null then .blocked else true end) and
	(.status | str_or_null) and (.bus_master | bit_or_null) and
	(.saved_bus_master | bit_or_null) and (.path | str_or_null);
def result(extra): ((keys | sort) == (["bdf", "ok", "error", "status",
		"reason_code"] + extra | sort)) and (.bdf | bdf) and
	(.ok | type == "boolean") and
	(if .ok then .error == null else (.error | errobj) end) and coded;
def changed: (.changed | type == "boolean") and
	(if .changed then .ok else true end);
def change: result(["changed"]) and changed;
def record: (keys | sort) == (["bdf", "kind", "saved_bus_master",
		"bus_master", "result", "reason"] | sort) and (.bdf | bdf) and
	(.kind | . == "endpoint" or . == "bridge") and
	(.saved_bus_master | . == 0 or . == 1) and
	(.bus_master | . == 0 or . == 1) and
	(.result | . == "ok" or . == "mismatch" or . == "missing" or . == "version-mismatch") and
	(.reason | if type == "string" then length > 0 else . == null end) and
	(if .result == "ok" then .reason == null else true end);
def session(blocked): (.session == "pci-lu") and (.token == "0x70636c75") and
	(.state | str_or_null) and (.nr_devices | int_or_null) and
	(.nr_bridges | int_or_null) and (.[blocked] | int_or_null);
def payload(k): (keys - ["schema", "command", "error"] | sort) == (k | sort);
def shape:
	if .command == "version" then payload(["version", "format"]) and
		(.version | type == "string") and (.format | type == "string")
	elif .command == "list" then payload(["devices"]) and
		(.devices | type == "array" and all(.[]; device))
	elif .command == "status" and has("bdf") then
		payload(["bdf", "opted_in", "status", "reason_code", "blocked",
			"bus_master", "saved_bus_master", "path", "vendor",
			"device", "class", "bridge", "virtfn"]) and (.bdf | bdf) and
		(.opted_in | type == "boolean") and coded and
		(.blocked | bool_or_null) and (.bus_master | bit_or_null) and
		(.saved_bus_master | bit_or_null) and (.path | str_or_null) and
		(.vendor | str_or_null) and (.device | str_or_null) and
		(.class | str_or_null) and (.bridge | bool_or_null) and
		(.virtfn | bool_or_null)
	elif .command == "status" then payload(["format", "state",
		"nr_devices", "nr_blocked", "nr_bridges", "nr_records",
		"incoming_format"]) and
		(.incoming_format | . == null or (type == "string" and
			test("^pci-lu-format-[0-9]+$"))) and
		(.format | str_or_null) and (.state | str_or_null) and
		(.nr_devices | count) and (.nr_blocked | count) and
		(.nr_bridges | int_or_null) and (.nr_records | int_or_null)
	elif .command == "add" or .command == "remove" then
		payload(["results"]) and all(.results[]; change)
	elif .command == "check" then
		payload(["results"]) and all(.results[]; result([]))
	elif .command == "apply" then payload(["file", "changed", "results"])
		and (.file | type == "string") and (.changed | type == "boolean")
		and all(.results[]; result(["changed", "action"]) and changed and
			(.action | . == "add" or . == "remove" or . == "keep"))
		and .changed == any(.results[]; .changed)
	elif .command == "incoming" then
		payload(["records"]) and all(.records[]; record)
	elif .command == "abandon" then
		payload(["nr_records", "records"]) and all(.records[]; record)
		and .nr_records == (.records | length)
	elif .command == "kexec" then ["session", "token", "state",
		"nr_devices", "nr_bridges", "nr_blocked", "kernel", "initrd",
		"cmdline"] as $k | (payload($k) or
		(payload($k + ["dry_run"]) and .dry_run == true)) and
		session("nr_blocked") and
		(.kernel | type == "string") and (.initrd | str_or_null) and
		(.cmdline | type == "string")
	elif .command == "preserve" then ["session", "token", "state",
		"nr_devices", "nr_bridges", "nr_blocked"] as $k | (payload($k) or
		(payload($k + ["handed_to"]) and (.handed_to |
		type == "string" and test("^(unix|fdstore):.")))) and
		session("nr_blocked")
	elif .command == "finish" then ["session", "token", "state",
		"nr_devices", "nr_bridges", "nr_unmatched", "records"] as $k |
		(payload($k) or (payload($k + ["kept"]) and
		(.kept | type == "array" and all(.[]; bdf)))) and
		session("nr_unmatched") and
		(.records | . == null or all(.[]; record))
	elif .command == "image-check" then payload(["image", "container",
		"compression", "reads", "abi", "writes", "writes_from", "needs",
		"verdict", "compatible", "differs", "why"]) and
		(.image | type == "string") and
		(.verdict | . == "compatible" or . == "incompatible" or
			. == "unknown") and
		(.container | str_or_null) and (.compression | str_or_null) and
		((.verdict == "unknown") == (.container == null)) and
		(.reads | type == "array" and all(.[]; type == "string" and
		test("^pci-lu-format-[0-9]+$"))) and
		(.abi | . == null or (type == "object" and
			(keys | sort) == ["kho", "luo", "memfd", "pci-lu"] and
			all(.[]; type == "array" and all(.[]; type == "string")))) and
		(.writes | type == "string") and
		(.writes_from | . == "kernel" or . == "tool") and
		(.needs | type == "object" and has("pci-lu") and
			all(.[]; type == "string")) and
		(.differs | type == "array" and all(.[]; type == "string")) and
		((.differs | length > 0) == (.verdict == "incompatible")) and
		(.why | str_or_null) and ((.why != null) == (.verdict == "unknown")) and
		(.compatible | type == "boolean") and
		(.compatible == (.verdict == "compatible")) and
		(.compatible == ($rc == 0)) and
		(if .verdict == "incompatible" then $rc == 6
		 elif .verdict == "unknown" then $rc == 7 else true end)
	else false end;
# an error document: the envelope alone
def error_doc: (keys | sort) == ["command", "error", "schema"] and
	(.error | errobj);
type == "object" and .schema == 1 and (.command | str_or_null) and
	(.error | . == null or errobj) and (error_doc or shape) and
	(if $rc == 0 then .error == null else .error.exit == $rc end)
