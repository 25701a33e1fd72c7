"""`caseline init`: set up a new desk and show its recovery key once."""

from __future__ import annotations

import argparse
import sys

from desktop.cli.common import EXIT_OK, InputError, data_dir_of, password_of, say
from desktop.cli.output import print_json
from desktop.cli.parser import Commands, text


def cmd_init(args: argparse.Namespace) -> int:
    from desktop import services

    data_dir = data_dir_of(args)
    if services.Workspace.partly_there(data_dir):  # restore it: a new desk would hide it
        raise services.Workspace.absent_error(data_dir)
    if services.Workspace.exists(data_dir):
        raise InputError(
            f"Đã có dữ liệu Caseline ở {data_dir}; không tạo lại.",
            f"There is already a Caseline desk at {data_dir}; not creating another.",
        )
    province = services.NATIONAL_PROVINCE if args.national else args.province
    password = password_of(twice=True)
    recovery_key = services.Workspace.init(
        data_dir,
        centre=args.centre,
        province_code=province,
        admin_username=args.admin,
        admin_password=password,
        admin_full_name=args.admin_name or "",
    )
    if args.json:
        print_json({"data_dir": str(data_dir), "recovery_key": recovery_key})
        return EXIT_OK
    out = sys.stdout
    out.write(
        say(
            f"Đã tạo bàn làm việc '{args.centre}' (tỉnh/thành {province}) tại {data_dir}.\n",
            f"Created the desk '{args.centre}' (province {province}) in {data_dir}.\n",
        )
    )
    out.write("\n")
    out.write(
        say(
            "KHÓA KHÔI PHỤC — chỉ hiện MỘT lần. Hãy chép hoặc in ra và cất ở nơi an toàn;\n"
            "không có nó và mật khẩu thì không ai mở được dữ liệu:\n",
            "RECOVERY KEY — shown ONCE. Write it down or print it and keep it somewhere safe;\n"
            "without it or a password nobody can open the data:\n",
        )
    )
    out.write(f"\n    {recovery_key}\n\n")
    return EXIT_OK


def register(commands: Commands) -> None:
    p = commands.command("init", cmd_init, "set up a new desk; prints the recovery key once")
    p.add_argument("--centre", required=True, metavar="NAME", type=text)
    whose = p.add_mutually_exclusive_group(required=True)
    whose.add_argument("--province", metavar="CODE", type=text)
    whose.add_argument(
        "--national",
        action="store_true",
        help="a national-line desk (scope 00; the same as --province 00): hands contacts "
        "to provinces",
    )
    p.add_argument("--admin", required=True, metavar="USER", type=text)
    p.add_argument("--admin-name", metavar="FULL_NAME", type=text)
    p.add_argument("--json", action="store_true")
