"""``python -m tests.fakegithub`` serves a seeded fake outside pytest and prints its URLs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def test_the_cli_prints_env_lines_and_serves_seeded_repos_over_rest_and_graphql():
    command = [sys.executable, "-m", "tests.fakegithub", "--port", "0", "--seed-repos", "3"]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        env = {}
        for line in proc.stdout:
            if line.startswith("# serving"):
                break
            if "=" in line and not line.startswith("#"):
                key, value = line.strip().split("=", 1)
                env[key] = value
        assert set(env) == {
            "GITHUB_API_URL",
            "GITHUB_GRAPHQL_URL",
            "GITHUB_SERVER_URL",
            "GITHUB_TOKEN",
        }
        auth = {"Authorization": f"token {env['GITHUB_TOKEN']}"}
        repo = requests.get(
            f"{env['GITHUB_API_URL']}/repos/learner/project-002", headers=auth, timeout=5
        )
        assert repo.json()["full_name"] == "learner/project-002"
        query = '{ repository(owner: "learner", name: "project-000") { object(expression: "HEAD:README.md") { ... on Blob { text } } } }'
        answer = requests.post(
            env["GITHUB_GRAPHQL_URL"], json={"query": query}, headers=auth, timeout=10
        )
        assert answer.json()["data"]["repository"]["object"]["text"].startswith("# Project 0")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert proc.returncode == 0
