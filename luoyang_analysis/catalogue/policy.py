"""The support rules (扶持政策) of 洛政办〔2017〕78号: loading, parameters and the source check.

The rules are data (``catalogue/policy.yaml``), written by hand from the source
text like the targets; this module reads them, refuses a malformed file with a
message naming the rule and field, turns ``--set rule.param=value`` and parameter
files into the :class:`Settings` of one run, and checks every quote against the
text with the catalogue's own span check (:mod:`luoyang_analysis.catalogue.check`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from luoyang_analysis import i18n, paths
from luoyang_analysis.catalogue.check import normalise, read_source_text, span_problem
from luoyang_analysis.catalogue.fields import choice, offsets, read_mapping, require
from luoyang_analysis.catalogue.targets import Source
from luoyang_analysis.exceptions import CatalogueError, ParameterError

APPLIES_TO = ("projects", "first_sets")
SCOPES = ("all", "special_major", "strong_base", "green_demo", "smart", "none")
BASES = ("qualifying_spending", "national_funding", "sales_price", "total_investment")
CONDITIONS = ("min_total_investment", "in_production", "from_year", "province_certified")
PAYABLE = ("commissioning", "award", "sale")
CAP_PER = ("project", "unit")
PARAMETER_TYPES = ("rate", "money", "year", "choice")
#: A condition that reads a parameter of the same name.
PARAMETER_CONDITIONS = ("min_total_investment", "from_year")

Value = Decimal | int | str | None


@dataclass(frozen=True)
class Parameter:
    """A figure of a rule that a run may change: its value as the text gives it, and why."""

    key: str  # "equipment.rate", "budget.2018"
    value: Value
    type: str
    open: bool = False
    choices: tuple[str, ...] = ()
    note_zh: str = ""
    note_en: str = ""

    def parse(self, raw: Any, where: str) -> Value:
        """``raw`` (a string from ``--set`` or a YAML value) as this parameter's type."""
        if raw is None or (isinstance(raw, str) and raw.strip().lower() in ("", "null", "none")):
            if self.type == "choice":
                raise ParameterError(f"{where}: {self.key} needs one of {', '.join(self.choices)}.")
            return None
        if self.type == "choice":
            if str(raw) not in self.choices:
                raise ParameterError(
                    f"{where}: {self.key} is {raw!r}; use one of {', '.join(self.choices)}."
                )
            return str(raw)
        if self.type == "year":
            try:
                return int(str(raw))
            except ValueError:
                raise ParameterError(
                    f"{where}: {self.key} should be a year, got {raw!r}."
                ) from None
        try:
            # str() first: a YAML float 0.3 becomes Decimal("0.3"), not its binary neighbour.
            number = Decimal(str(raw).strip())
        except InvalidOperation:
            raise ParameterError(f"{where}: {self.key} should be a number, got {raw!r}.") from None
        if not number.is_finite() or number < 0 or (self.type == "rate" and number > 1):
            bound = "between 0 and 1 (0.25 for 25%)" if self.type == "rate" else "0 or more"
            raise ParameterError(f"{where}: {self.key} should be {bound}, got {raw!r}.")
        return number


@dataclass(frozen=True)
class Rule:
    """One support rule of the text: who gets what, on which base, when."""

    id: str
    plan: str
    section: str
    name_zh: str
    name_en: str
    source: Source
    computed: bool
    applies_to: str
    scope: str
    base: str | None = None
    conditions: tuple[str, ...] = ()
    payable: str | None = None
    cap_per: str | None = None
    replaces: str | None = None  # a project in this rule's scope skips that rule
    note_zh: str = ""
    note_en: str = ""
    parameters: tuple[str, ...] = ()  # keys into Policy.parameters

    def name(self, lang: str = "zh") -> str:
        return i18n.field(self, "name", lang)


@dataclass(frozen=True)
class Budget:
    """「将技术改造项目资金列入市财政预算」: the years the text names, no figure."""

    source: Source
    years: tuple[int, ...]
    note_zh: str = ""
    note_en: str = ""


@dataclass(frozen=True)
class Policy:
    rules: dict[str, Rule]
    budget: Budget
    parameters: dict[str, Parameter]
    document: str = ""
    path: Path | None = None

    def rule(self, rule_id: str) -> Rule:
        try:
            return self.rules[rule_id]
        except KeyError:
            raise ParameterError(
                f"unknown rule {rule_id!r}; the rules are {', '.join(self.rules)}."
            ) from None

    def settings(
        self, assignments: Iterable[str] = (), params_file: Path | str | None = None
    ) -> Settings:
        """The values of one run: the text's, then a parameter file's, then ``--set`` ones."""
        values = {k: p.value for k, p in self.parameters.items()}
        if params_file:
            for key, raw in _read_params_file(Path(params_file)).items():
                values[key] = self._parameter(key, str(params_file)).parse(raw, str(params_file))
        for assignment in assignments:
            key, sep, raw = assignment.partition("=")
            if not sep:
                raise ParameterError(
                    f"--set {assignment!r}: write it as rule.parameter=value, e.g. equipment.rate=0.25."
                )
            key = key.strip()
            values[key] = self._parameter(key, "--set").parse(raw.strip(), "--set")
        return Settings(self, values)

    def _parameter(self, key: str, where: str) -> Parameter:
        if key not in self.parameters:
            raise ParameterError(
                f"{where}: unknown parameter {key!r}; the parameters are "
                f"{', '.join(self.parameters)} (luoyang policy --check lists them)."
            )
        return self.parameters[key]


@dataclass(frozen=True)
class Settings:
    """The parameter values of one run, and how they differ from the text."""

    policy: Policy
    values: dict[str, Value] = field(default_factory=dict)
    #: The budget a delivery carries (its ``budget`` register), year -> 万元; a run's
    #: ``--set budget.<year>`` or parameter file overrides it.
    delivered_budget: dict[int, Decimal] = field(default_factory=dict)

    def get(self, rule_id: str, name: str) -> Value:
        return self.values.get(f"{rule_id}.{name}")

    def budget(self, year: int) -> Decimal | None:
        value = self.values.get(f"budget.{year}")
        return value if isinstance(value, Decimal) else self.delivered_budget.get(year)

    def budget_years(self) -> list[int]:
        """The years a budget may stand for: the text's (2017—2019) and any a delivery gives."""
        return sorted(set(self.policy.budget.years) | set(self.delivered_budget))

    def with_delivered_budget(self, budget: dict[int, Decimal]) -> Settings:
        return replace(self, delivered_budget=dict(budget))

    def differences(self) -> list[tuple[str, Value, Value]]:
        """Every parameter set to something else than the text's value: (key, text, run)."""
        return [
            (key, p.value, self.values[key])
            for key, p in self.policy.parameters.items()
            if self.values[key] != p.value
        ]


def _read_params_file(path: Path) -> dict[str, Any]:
    """A YAML mapping, flat (``equipment.rate: 0.25``) or nested (``equipment: {rate: 0.25}``)."""
    raw = read_mapping(
        path, "the parameter file", "a mapping such as 'equipment.rate: 0.25'", ParameterError
    )
    flat: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, dict):
            flat.update({f"{key}.{k}": v for k, v in value.items()})
        else:
            flat[str(key)] = value
    return flat


# --------------------------------------------------------------------------- loading


def _source(raw: dict, where: str) -> Source:
    return Source(
        section=require(raw, "section", where),
        quote=require(raw, "quote", where),
        span=offsets(raw.get("span"), where),
    )


def _parameters(rule_id: str, raw: Any, where: str) -> dict[str, Parameter]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise CatalogueError(f"{where}: 'parameters' should be a mapping of name -> settings.")
    out = {}
    for name, spec in raw.items():
        pw = f"{where}, parameter {name}"
        if not isinstance(spec, dict):
            raise CatalogueError(f"{pw}: expected a mapping with 'value' and 'type'.")
        kind = choice(spec, "type", PARAMETER_TYPES, pw)
        choices = tuple(spec.get("choices") or ())
        if kind == "choice" and not choices:
            raise CatalogueError(f"{pw}: a choice parameter needs 'choices'.")
        draft = Parameter(f"{rule_id}.{name}", None, kind, bool(spec.get("open")), choices)
        try:
            value = draft.parse(spec.get("value"), pw)
        except ParameterError as exc:
            raise CatalogueError(str(exc)) from None
        out[draft.key] = Parameter(
            draft.key,
            value,
            kind,
            draft.open,
            choices,
            spec.get("note_zh", ""),
            spec.get("note_en", ""),
        )
    return out


def _rule(raw: dict, index: int, name: str) -> tuple[Rule, dict[str, Parameter]]:
    rid = require(raw, "id", f"{name}: rule #{index + 1}")
    where = f"{name}: rule {rid}"
    computed = require(raw, "computed", where, (bool,))
    params = _parameters(rid, raw.get("parameters"), where)
    fields: dict[str, Any] = {}
    if computed:
        conditions = tuple(require(raw, "conditions", where, (list,)))
        unknown = [c for c in conditions if c not in CONDITIONS]
        if unknown:
            raise CatalogueError(
                f"{where}: unknown condition(s) {unknown}; use {', '.join(CONDITIONS)}."
            )
        for needed in ("rate", "cap", *(c for c in conditions if c in PARAMETER_CONDITIONS)):
            if f"{rid}.{needed}" not in params:
                raise CatalogueError(f"{where}: a computed rule needs the parameter '{needed}'.")
        fields = {
            "base": choice(raw, "base", BASES, where),
            "conditions": conditions,
            "payable": choice(raw, "payable", PAYABLE, where),
            "cap_per": choice(raw, "cap_per", CAP_PER, where),
        }
    rule = Rule(
        id=rid,
        plan=require(raw, "plan", where),
        section=require(raw, "section", where),
        name_zh=require(raw, "name_zh", where),
        name_en=require(raw, "name_en", where),
        source=_source(raw, where),
        computed=computed,
        applies_to=choice(raw, "applies_to", APPLIES_TO, where),
        scope=choice(raw, "scope", SCOPES, where),
        replaces=raw.get("replaces"),
        note_zh=raw.get("note_zh", ""),
        note_en=raw.get("note_en", ""),
        parameters=tuple(params),
        **fields,
    )
    return rule, params


def load_policy(path: Path | str | None = None) -> Policy:
    """Read and validate the rules (the packaged ``policy.yaml`` by default)."""
    path = Path(path) if path is not None else paths.POLICY_FILE
    raw = read_mapping(path, "the policy file", "a mapping with 'rules' and 'budget'")
    rules: dict[str, Rule] = {}
    parameters: dict[str, Parameter] = {}
    for i, raw_rule in enumerate(require(raw, "rules", path.name, (list,))):
        rule, params = _rule(raw_rule, i, path.name)
        if rule.id in rules:
            raise CatalogueError(f"{path.name}: rule {rule.id}: the id is used twice.")
        rules[rule.id] = rule
        parameters.update(params)
    for rule in rules.values():
        if rule.replaces is not None and rule.replaces not in rules:
            raise CatalogueError(
                f"{path.name}: rule {rule.id}: replaces unknown rule {rule.replaces!r}."
            )
    rb = require(raw, "budget", path.name, (dict,))
    years = tuple(require(rb, "years", f"{path.name}: budget", (list,)))
    budget = Budget(
        _source(rb, f"{path.name}: budget"), years, rb.get("note_zh", ""), rb.get("note_en", "")
    )
    for year in years:
        key = f"budget.{year}"
        parameters[key] = Parameter(key, None, "money", True, (), budget.note_zh, budget.note_en)
    return Policy(rules, budget, parameters, str(raw.get("document", "")), path)


@lru_cache(maxsize=1)
def default_policy() -> Policy:
    """The packaged rules, read once per process."""
    return load_policy()


# --------------------------------------------------------------------------- the check


@dataclass
class PolicyCheck:
    """What ``luoyang policy --check`` lists: open points, and the file's integrity problems."""

    undecided: list[Rule] = field(default_factory=list)  # computed: false
    open_parameters: list[Parameter] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_policy(policy: Policy, source_text: str | None = None) -> PolicyCheck:
    """Every quote in the text at its span; list the rules and parameters the text leaves open."""
    text = source_text if source_text is not None else read_source_text()
    flat = normalise(text)
    result = PolicyCheck()
    sources = [(f"rule {r.id}", r.source) for r in policy.rules.values()]
    sources.append(("budget", policy.budget.source))
    for where, s in sources:
        if normalise(s.quote) not in flat:
            result.problems.append(f"{where}: quote not found in the source text: 「{s.quote}」")
        elif s.span is None:
            result.problems.append(f"{where}: no span; add span: [start, end] for 「{s.quote}」.")
        elif (why := span_problem(s, text)) is not None:
            result.problems.append(f"{where}: {why}.")
    result.undecided = [r for r in policy.rules.values() if not r.computed]
    result.open_parameters = [p for p in policy.parameters.values() if p.open]
    return result


def _shown(value: Value, lang: str) -> str:
    return i18n.text("policy.unset", lang) if value is None else str(value)


def format_policy_check(result: PolicyCheck, policy: Policy, lang: str = "zh") -> str:
    """A plain-text report of :func:`check_policy` for the terminal."""
    t = i18n.group("policy", lang)
    out = [f"{t['undecided']} ({len(result.undecided)})"]
    for r in result.undecided:
        out.append(f"\n* {r.id} {r.name(lang)}")
        out.append(f"    {r.source.section}：「{' '.join(r.source.quote.split())}」")
        out.append(t["why"] + i18n.field(r, "note", lang))
    out.append("")
    out.append(f"{t['open']} ({len(result.open_parameters)})")
    for p in result.open_parameters:
        out.append(f"\n* {p.key} = {_shown(p.value, lang)}")
        note = i18n.field(p, "note", lang)
        if note:
            out.append(t["why"] + " ".join(note.split()))
    out.append("")
    if result.problems:
        out.append(f"{t['problems']} ({len(result.problems)})")
        out.extend(f"  - {p}" for p in result.problems)
    else:
        out.append(t["passed"])
    return "\n".join(out)
