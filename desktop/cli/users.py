"""`caseline user add|list` and `caseline recover` (a new password with the recovery key)."""

from __future__ import annotations

import argparse
import sys

from desktop.cli.common import (
    EXIT_OK,
    ROLES,
    data_dir_of,
    no_desk_error,
    say,
    secret_from_env_or_prompt,
    username_of,
    workspace,
)
from desktop.cli.output import print_json, print_table
from desktop.cli.parser import Commands, text


def cmd_user_add(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        new_password = secret_from_env_or_prompt(
            "CASELINE_NEW_PASSWORD",
            f"Mật khẩu cho {args.name}",
            f"Password for {args.name}",
            twice=True,
        )
        ws.add_user(args.name, args.role, new_password, full_name=args.full_name or "")
    sys.stdout.write(
        say(
            f"Đã thêm người dùng {args.name} ({args.role}).\n",
            f"Added user {args.name} ({args.role}).\n",
        )
    )
    return EXIT_OK


def cmd_user_list(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        users = ws.list_users()
    rows = [{"username": u.username, "full_name": u.full_name, "role": u.role} for u in users]
    if args.json:
        print_json(rows)
    else:
        print_table(
            [(r["username"], r["role"], r["full_name"]) for r in rows], ("user", "role", "name")
        )
    return EXIT_OK


def cmd_recover(args: argparse.Namespace) -> int:
    """A forgotten password: the recovery key opens the desk as the user, who gets a new one."""
    from desktop import services

    data_dir = data_dir_of(args)
    if not services.Workspace.exists(data_dir):
        raise no_desk_error(data_dir)
    user = username_of(args)
    recovery_key = secret_from_env_or_prompt(
        "CASELINE_RECOVERY_KEY", "Khoá khôi phục", "Recovery key", twice=False
    )
    with services.Workspace.open_with_recovery_key(data_dir, recovery_key, as_user=user) as ws:
        new_password = secret_from_env_or_prompt(
            "CASELINE_NEW_PASSWORD",
            f"Mật khẩu mới cho {user}",
            f"New password for {user}",
            twice=True,
        )
        ws.set_password_after_recovery(new_password)
    sys.stdout.write(
        say(
            f"Đã đặt mật khẩu mới cho {user} bằng khoá khôi phục.\n",
            f"Set a new password for {user} with the recovery key.\n",
        )
    )
    return EXIT_OK


def register(commands: Commands) -> None:
    users = commands.group("user", "manage local users", "user_command", "ACTION")
    p = users.command("add", cmd_user_add, "add a local user (admin)")
    p.add_argument("name", metavar="NAME", type=text)
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--full-name", metavar="FULL_NAME", type=text)
    p = users.command("list", cmd_user_list, "list local users")
    p.add_argument("--json", action="store_true")

    commands.command("recover", cmd_recover, "new password for --user NAME with the recovery key")
