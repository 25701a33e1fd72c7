"""`caseline attach add|list|get`: letters, scans and photos on contacts and cases."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.common import EXIT_OK, regular_file, say, say_all, workspace
from desktop.cli.output import one_line, print_json, print_table, when, wrote
from desktop.cli.parser import Commands, text


def cmd_attach_add(args: argparse.Namespace) -> int:
    regular_file(Path(args.file), "tệp đính kèm", "File to attach")  # a FIFO would hang
    with workspace(args) as ws:
        saved = ws.attachments.add_file(args.number, args.file)
        info = ws.attachments.info(saved.id)
    if args.json:
        print_json(info.to_dict())
    else:
        sys.stdout.write(
            say(
                f"Đã đính kèm {one_line(info.file_name)} ({info.size} byte): {info.id}\n",
                f"Attached {one_line(info.file_name)} ({info.size} bytes): {info.id}\n",
            )
        )
    return EXIT_OK


def cmd_attach_list(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        items = ws.attachments.list(args.number)
    if args.json:
        print_json([item.to_dict() for item in items])
        return EXIT_OK
    if not items:
        sys.stdout.write(say("Không có tệp đính kèm.\n", "No attachments.\n"))
        return EXIT_OK
    rows = [
        (
            item.id,
            one_line(item.file_name),
            item.media_type,
            str(item.size),
            item.added_by,
            when(item.added_at),
            say("có", "yes") if item.here else say("chưa tải", "not yet"),
        )
        for item in items
    ]
    print_table(
        rows,
        say_all(
            ("mã", "tên tệp", "loại", "byte", "người thêm", "lúc", "trên máy"),
            ("id", "file name", "type", "bytes", "added by", "at", "here"),
        ),
    )
    return EXIT_OK


def cmd_attach_get(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        ws.check_output_path(args.output)
        if not ws.attachments.info(args.id).here and ws.sync.is_enrolled():
            ws.sync.fetch_attachment(args.id)  # on demand, from central
        path = ws.attachments.save(args.id, args.output)
    return wrote(str(path))


def register(commands: Commands) -> None:
    group = commands.group(
        "attach", "letters, scans and photos on contacts and cases", "attach_command", "ACTION"
    )
    p = group.command("add", cmd_attach_add, "attach a PDF, JPEG, PNG or TIFF file")
    p.add_argument("number", metavar="CONTACT_OR_CASE_NUMBER", type=text)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true")
    p = group.command("list", cmd_attach_list, "the attachments of a contact or case")
    p.add_argument("number", metavar="NUMBER", type=text)
    p.add_argument("--json", action="store_true")
    p = group.command("get", cmd_attach_get, "write an attachment to a file (audited)")
    p.add_argument("id", metavar="ATTACHMENT_ID", type=text)
    p.add_argument("-o", "--output", required=True, metavar="FILE")
