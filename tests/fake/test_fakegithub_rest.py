"""The fake's REST API, driven by the real PyGithub; every exchange is checked against OpenAPI."""

from __future__ import annotations

import base64
import re

import github
import pytest
import requests

from tests.fakegithub import FakeGitHub
from tests.support.fakehttp import raw

REPO = "alice/proj"
FILES = {
    "README.md": "# Project\n",
    "src/app.py": "print('hi')\n",
    "tests/test_app.py": "def test_app():\n    assert True\n",
}


@pytest.fixture
def fake(fake_github_checked: FakeGitHub) -> FakeGitHub:
    fake_github_checked.add_repo(REPO, files=FILES, description="a learning project")
    return fake_github_checked


def test_get_repo_reports_its_settings_and_the_owner_as_admin(fake, gh):
    fake.add_repo("alice/secret", private=True, archived=True, default_branch="trunk")
    repo, secret = gh.get_repo(REPO), gh.get_repo("alice/secret")
    assert (repo.full_name, repo.description, repo.private) == (REPO, "a learning project", False)
    assert (secret.private, secret.archived, secret.default_branch) == (True, True, "trunk")
    assert repo.owner.login == "alice"


def test_a_renamed_repo_redirects_with_301_and_pygithub_follows_it(fake, gh):
    fake.rename_repo(REPO, "alice/renamed")
    response = raw(fake, "GET", f"/repos/{REPO}", allow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"].endswith(f"/repositories/{response.json()['url'][-7:]}")
    assert gh.get_repo(REPO).full_name == "alice/renamed"


def test_writes_to_a_renamed_repo_redirect_with_307_keeping_the_method(fake):
    fake.rename_repo(REPO, "alice/renamed")
    response = raw(fake, "POST", f"/repos/{REPO}/issues", json={"title": "t"})
    assert response.status_code == 201
    assert response.history[0].status_code == 307
    assert fake.issues("alice/renamed")[0]["title"] == "t"


def test_invisible_repos_are_404_and_blocked_repos_are_451(fake, gh):
    fake.add_repo("bob/hidden", private=True)
    fake.set_access("bob/hidden", visible=False)
    fake.add_repo("bob/dmca")
    fake.block("bob/dmca")
    with pytest.raises(github.UnknownObjectException):
        gh.get_repo("bob/hidden")
    with pytest.raises(github.GithubException) as blocked:
        gh.get_repo("bob/dmca")
    assert blocked.value.status == 451
    assert blocked.value.data["message"] == "Repository access blocked"
    with pytest.raises(github.UnknownObjectException):
        gh.get_repo("nobody/nothing")


def test_archived_repos_refuse_writes_with_403(fake, gh):
    fake.add_repo("alice/old", archived=True)
    with pytest.raises(github.GithubException) as refused:
        gh.get_repo("alice/old").create_issue(title="x")
    assert refused.value.status == 403
    assert "archived" in refused.value.data["message"]


def test_contents_serve_files_and_directories_and_404_for_missing_paths(fake, gh):
    repo = gh.get_repo(REPO)
    assert sorted(c.path for c in repo.get_contents("")) == ["README.md", "src", "tests"]
    assert repo.get_contents("src/app.py").decoded_content == b"print('hi')\n"
    assert [c.type for c in repo.get_contents("src")] == ["file"]
    with pytest.raises(github.UnknownObjectException):
        repo.get_contents("missing.txt")


def test_contents_of_an_empty_repo_are_404_this_repository_is_empty(fake, gh):
    fake.add_repo("alice/empty", empty=True)
    with pytest.raises(github.GithubException) as empty:
        gh.get_repo("alice/empty").get_contents("README.md")
    assert (empty.value.status, empty.value.data["message"]) == (404, "This repository is empty.")


def test_create_or_update_file_commits_and_checks_the_blob_sha(fake, gh):
    repo = gh.get_repo(REPO)
    created = repo.create_file("docs/a.md", "add a", "A\n")
    assert fake.files(REPO)["docs/a.md"] == b"A\n"
    assert fake.head(REPO) == created["commit"].sha
    updated = repo.update_file("docs/a.md", "edit a", "B\n", created["content"].sha)
    assert fake.files(REPO)["docs/a.md"] == b"B\n"
    assert updated["commit"].parents[0].sha == created["commit"].sha
    with pytest.raises(github.GithubException) as stale:
        repo.update_file("docs/a.md", "stale", "C\n", created["content"].sha)
    assert stale.value.status == 409


def test_git_tree_lists_one_level_or_everything_with_recursive(fake, gh):
    repo = gh.get_repo(REPO)
    top = repo.get_git_tree("main")
    full = repo.get_git_tree("main", recursive=True)
    assert sorted(e.path for e in top.tree) == ["README.md", "src", "tests"]
    assert {e.path for e in full.tree} >= {"src/app.py", "tests/test_app.py", "src"}
    assert next(e for e in full.tree if e.path == "src/app.py").size == len(FILES["src/app.py"])
    assert raw(fake, "GET", f"/repos/{REPO}/git/trees/main").json()["truncated"] is False


def test_low_level_git_flow_builds_a_commit_and_fast_forwards_the_branch(fake, gh):
    repo = gh.get_repo(REPO)
    head = repo.get_git_commit(fake.head(REPO))
    text = repo.create_git_blob("hello\n", "utf-8")
    binary = repo.create_git_blob(base64.b64encode(b"\x00\x01").decode(), "base64")
    assert base64.b64decode(repo.get_git_blob(binary.sha).content) == b"\x00\x01"
    elements = [
        github.InputGitTreeElement("new.txt", "100644", "blob", sha=text.sha),
        github.InputGitTreeElement("bin.dat", "100644", "blob", sha=binary.sha),
        github.InputGitTreeElement("README.md", "100644", "blob", sha=None),
    ]
    tree = repo.create_git_tree(elements, base_tree=head.tree)
    commit = repo.create_git_commit("bot: update", tree, [head])
    ref = repo.get_git_ref("heads/main")
    ref.edit(commit.sha)
    files = fake.files(REPO)
    assert files["new.txt"] == b"hello\n" and files["bin.dat"] == b"\x00\x01"
    assert "README.md" not in files and "src/app.py" in files
    assert repo.get_git_commit(commit.sha).message == "bot: update"
    assert text.sha == "ce013625030ba8dba906f756967f9e9ca394464a"  # git hash-object of "hello\n"


def test_update_ref_refuses_a_non_fast_forward_unless_forced(fake, gh):
    repo = gh.get_repo(REPO)
    base = repo.get_git_commit(fake.head(REPO))
    mine = repo.create_git_commit("mine", base.tree, [base])
    fake.commit(REPO, {"other.txt": "someone else pushed"})
    ref = repo.get_git_ref("heads/main")
    with pytest.raises(github.GithubException) as moved:
        ref.edit(mine.sha)
    assert (moved.value.status, moved.value.data["message"]) == (
        422,
        "Update is not a fast forward",
    )
    ref.edit(mine.sha, force=True)
    assert fake.head(REPO) == mine.sha


def test_create_ref_makes_a_branch_and_refuses_a_duplicate(fake, gh):
    repo = gh.get_repo(REPO)
    repo.create_git_ref("refs/heads/feature", fake.head(REPO))
    assert repo.get_branch("feature").commit.sha == fake.head(REPO)
    with pytest.raises(github.GithubException) as duplicate:
        repo.create_git_ref("refs/heads/feature", fake.head(REPO))
    assert duplicate.value.data["message"] == "Reference already exists"


@pytest.mark.parametrize(
    ("role", "permission"),
    [
        ("admin", "admin"),
        ("maintain", "write"),
        ("write", "write"),
        ("triage", "read"),
        ("read", "read"),
    ],
)
def test_collaborator_permission_maps_roles_to_legacy_permissions(fake, gh, role, permission):
    fake.add_collaborator(REPO, "carol", role)
    body = raw(fake, "GET", f"/repos/{REPO}/collaborators/carol/permission").json()
    assert (body["permission"], body["role_name"], body["user"]["login"]) == (
        permission,
        role,
        "carol",
    )
    assert gh.get_repo(REPO).get_collaborator_permission("carol") == permission


def test_collaborator_permission_for_owner_strangers_and_unknown_users(fake, gh):
    fake.add_user("stranger")
    fake.add_repo("alice/private", private=True)
    repo = gh.get_repo(REPO)
    assert repo.get_collaborator_permission("alice") == "admin"
    assert repo.get_collaborator_permission("stranger") == "read"
    assert gh.get_repo("alice/private").get_collaborator_permission("stranger") == "none"
    with pytest.raises(github.UnknownObjectException):
        repo.get_collaborator_permission("no-such-user")


def test_branch_commit_and_combined_status(fake, gh):
    sha = fake.head(REPO)
    fake.set_status(REPO, sha, "pending", context="ci")
    fake.set_status(REPO, sha, "success", context="ci")
    fake.set_status(REPO, sha, "success", context="lint")
    repo = gh.get_repo(REPO)
    assert repo.get_branch("main").commit.sha == sha
    assert repo.get_commit("main").sha == sha
    combined = repo.get_commit(sha).get_combined_status()
    assert (combined.state, combined.total_count) == ("success", 2)
    assert len(list(repo.get_commit(sha).get_statuses())) == 3
    fake.set_status(REPO, sha, "failure", context="lint")
    assert repo.get_commit(sha).get_combined_status().state == "failure"
    with pytest.raises(github.GithubException):
        repo.get_branch("nope")


def test_check_runs_and_suites_for_a_ref(fake, gh):
    sha = fake.head(REPO)
    fake.add_check_run(REPO, sha, name="test", conclusion="failure")
    fake.add_check_run(REPO, sha, name="build", status="in_progress", conclusion=None)
    commit = gh.get_repo(REPO).get_commit(sha)
    runs = {r.name: (r.status, r.conclusion) for r in commit.get_check_runs()}
    assert runs == {"test": ("completed", "failure"), "build": ("in_progress", None)}
    assert commit.get_check_suites().totalCount == 2


def test_workflow_runs_list_get_and_dispatch(fake, gh):
    fake.add_workflow_run(REPO, workflow="ci.yml", conclusion="success")
    repo = gh.get_repo(REPO)
    runs = list(repo.get_workflow_runs())
    assert [(r.name, r.conclusion) for r in runs] == [("ci", "success")]
    assert repo.get_workflow_run(runs[0].id).head_sha == fake.head(REPO)
    dispatched = raw(
        fake, "POST", f"/repos/{REPO}/actions/workflows/ci.yml/dispatches", json={"ref": "main"}
    )
    assert dispatched.status_code == 204
    per_workflow = raw(fake, "GET", f"/repos/{REPO}/actions/workflows/ci.yml/runs").json()
    assert per_workflow["total_count"] == 2
    assert per_workflow["workflow_runs"][0]["event"] == "workflow_dispatch"


def test_requests_without_a_valid_token_get_401_bad_credentials(fake):
    anonymous = requests.get(f"{fake.api_url}/repos/{REPO}", timeout=5)
    wrong = requests.get(
        f"{fake.api_url}/repos/{REPO}", headers={"Authorization": "token x"}, timeout=5
    )
    assert (anonymous.status_code, wrong.status_code) == (401, 401)
    assert wrong.json()["message"] == "Bad credentials"


def test_etags_answer_if_none_match_with_304_that_does_not_count(fake):
    first = raw(fake, "GET", f"/repos/{REPO}")
    remaining = int(first.headers["x-ratelimit-remaining"])
    cached = raw(fake, "GET", f"/repos/{REPO}", headers={"If-None-Match": first.headers["etag"]})
    assert cached.status_code == 304 and cached.content == b""
    assert int(cached.headers["x-ratelimit-remaining"]) == remaining
    fake.commit(REPO, {"x": "changed"})
    assert raw(fake, "GET", f"/repos/{REPO}", headers={"If-None-Match": first.headers["etag"]}).ok


def test_rate_limit_endpoint_reports_budgets_and_is_free(fake, gh):
    raw(fake, "GET", f"/repos/{REPO}")
    before = raw(fake, "GET", "/rate_limit")
    after = raw(fake, "GET", "/rate_limit")
    assert (
        before.json()["resources"]["core"]["remaining"]
        == after.json()["resources"]["core"]["remaining"]
    )
    assert before.json()["rate"]["used"] == 1
    assert gh.get_rate_limit().resources.core.limit == 5000


def test_unknown_paths_are_404(fake):
    assert raw(fake, "GET", f"/repos/{REPO}/no-such-thing").status_code == 404
    assert raw(fake, "DELETE", f"/repos/{REPO}").status_code == 404


# The REST operations roadmap-bot relies on (the brief's subset of GitHub's description).
OPERATIONS = """
issues/list-for-repo issues/create issues/get issues/update issues/list-comments issues/create-comment
issues/list-comments-for-repo issues/get-comment issues/update-comment reactions/list-for-issue-comment
reactions/create-for-issue-comment reactions/delete-for-issue-comment reactions/create-for-issue
repos/get repos/get-collaborator-permission-level repos/get-branch repos/get-commit repos/get-content
repos/create-or-update-file-contents git/get-tree git/create-tree git/create-blob git/get-blob
git/create-commit git/get-commit git/get-ref git/create-ref git/update-ref
repos/get-combined-status-for-ref repos/list-commit-statuses-for-ref checks/list-for-ref
checks/list-suites-for-ref actions/list-workflow-runs-for-repo actions/list-workflow-runs
actions/get-workflow-run actions/create-workflow-dispatch issues/create-label
issues/list-labels-for-repo issues/add-labels issues/create-milestone issues/list-milestones
rate-limit/get
""".split()


def test_every_operation_we_rely_on_is_routed_at_githubs_path_and_method():
    from tests.fakegithub.engine import ROUTER
    from tests.support.refdata import rest_openapi

    documented = {
        op["operationId"]: (method.upper(), path)
        for path, item in rest_openapi()["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict) and "operationId" in op
    }
    served = {}
    for route, _ in ROUTER._routes:
        prefix = "/repos/{owner}/{repo}" if route.in_repo else ""
        served.setdefault(route.operation, set()).add(
            (route.method, prefix + route.pattern.replace("+}", "}"))
        )
    assert len(OPERATIONS) == 42
    for operation in OPERATIONS:
        method, path = documented[operation]
        routes = {(m, _shape(p)) for m, p in served.get(operation, ())}
        assert (method, _shape(path)) in routes, (operation, routes)


def _shape(template: str) -> str:
    """A path template with parameter names erased: ``/a/{x}/b`` -> ``/a/{}/b``."""
    return re.sub(r"\{[^}]+\}", "{}", template)


def test_the_token_belongs_to_the_viewer_bot(fake, gh):
    assert fake.viewer == "github-actions[bot]"
    with pytest.raises(github.GithubException) as refused:  # an installation token: no /user
        gh.get_user().login  # noqa: B018 - the lazy user's first read sends GET /user
    assert refused.value.status == 403
    assert gh.get_user("alice").type == "User"


def test_head_requests_answer_headers_without_a_body(fake):
    response = raw(fake, "HEAD", f"/repos/{REPO}")
    assert response.status_code == 200 and response.content == b""
    assert response.headers["etag"] == raw(fake, "GET", f"/repos/{REPO}").headers["etag"]
