"""Passes from ``passes.json`` (one object per pass, documented in ``graphs/*/SOURCES.md``).

The file is validated with pydantic so that a broken pass fails with the pass and the field
named, and every covered place can be checked against the destination's places.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from itinera.errors import DataSourceError, InvalidInputError
from itinera.model.ids import PlaceId
from itinera.model.passes import (
    BenefitKind,
    PassBenefit,
    PassId,
    PassPrices,
    PassProduct,
    PassValidity,
    ValidityKind,
)

if TYPE_CHECKING:
    from collections.abc import Container
    from pathlib import Path


class _PassPricesIn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    adult: Annotated[int, Field(ge=0)]
    child: Annotated[int, Field(ge=0)]
    child_min_age: Annotated[int, Field(ge=0, le=25)] = 0
    child_max_age: Annotated[int, Field(ge=0, le=25)] = 17
    reduced: Annotated[int, Field(ge=0)]


class _ValidityIn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: ValidityKind
    amount: Annotated[int, Field(ge=1)]


class _BenefitIn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    place: Annotated[str, Field(min_length=1)]
    kind: BenefitKind
    price: Annotated[int, Field(ge=0)] | None = None
    percent_off: Annotated[int, Field(ge=1, le=100)] | None = None


class _PassIn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, Field(min_length=1)]
    name: Annotated[str, Field(min_length=1)]
    prices: _PassPricesIn
    validity: _ValidityIn
    benefits: Annotated[tuple[_BenefitIn, ...], Field(min_length=1)]
    one_entry_per_site: bool = True
    includes_transport: bool = False
    transport: str = ""
    conditions: str = ""
    source: dict[str, str] = Field(default_factory=dict)
    estimated: tuple[str, ...] = ()


class _PassesFileIn(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    passes: tuple[Any, ...]


def load_passes(
    path: Path, *, places: Container[str] | None = None, missing_ok: bool = False
) -> tuple[PassProduct, ...]:
    """Return the passes stored in ``path``.

    Parameters
    ----------
    path
        A JSON file ``{"passes": [...]}``.
    places
        The destination's place ids; when given, every covered place must be one of them.
    missing_ok
        Return no passes, rather than fail, when ``path`` does not exist.

    Raises
    ------
    DataSourceError
        If the file cannot be read, a pass is malformed, two passes share an id or a pass covers
        an unknown place; the message names the pass and the field.
    """
    if missing_ok and not path.exists():
        return ()
    try:
        document = _PassesFileIn.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataSourceError(str(path), "", f"cannot read passes: {exc}") from None
    except ValidationError:
        raise DataSourceError(str(path), "", "expected an object with a 'passes' list") from None
    passes: list[PassProduct] = []
    for index, raw in enumerate(document.passes):
        product = _pass_from_json(raw, path=path, index=index)
        where = f"passes[{index}] ({product.id})"
        if any(p.id == product.id for p in passes):
            raise DataSourceError(str(path), where, f"duplicate id {product.id!r}")
        if places is not None:
            for b_index, benefit in enumerate(product.benefits):
                if benefit.place_id not in places:
                    reason = f"benefits.{b_index}.place: unknown place {benefit.place_id!r}"
                    raise DataSourceError(str(path), where, reason)
        passes.append(product)
    return tuple(passes)


def _pass_from_json(raw: Any, *, path: Path, index: int) -> PassProduct:  # noqa: ANN401 - JSON
    label = raw.get("id", "?") if isinstance(raw, dict) else "?"
    where = f"passes[{index}] ({label})"
    try:
        item = _PassIn.model_validate(raw)
        return PassProduct(
            id=PassId(item.id),
            name=item.name,
            prices=PassPrices(
                adult_cents=item.prices.adult,
                child_cents=item.prices.child,
                child_min_age=item.prices.child_min_age,
                child_max_age=item.prices.child_max_age,
                reduced_cents=item.prices.reduced,
            ),
            validity=PassValidity(kind=item.validity.kind, amount=item.validity.amount),
            benefits=tuple(
                PassBenefit(
                    place_id=PlaceId(b.place),
                    kind=b.kind,
                    price_cents=b.price,
                    percent_off=b.percent_off,
                )
                for b in item.benefits
            ),
            is_one_entry_per_site=item.one_entry_per_site,
            includes_transport=item.includes_transport,
            transport=item.transport,
            conditions=item.conditions,
            source=dict(item.source),
            estimated=frozenset(item.estimated),
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise DataSourceError(str(path), where, f"{field}: {first['msg']}") from None
    except InvalidInputError as exc:
        raise DataSourceError(str(path), where, str(exc)) from None
