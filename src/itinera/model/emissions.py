"""CO2 estimates of legs: one table of emission factors per kind of vehicle.

The factors are grams of CO2-equivalent per passenger-kilometre, life cycle of the energy
included, vehicle construction and infrastructure excluded, as published by the French
environment agency ADEME in its public calculator *impactCO2* (impactco2.fr, "transport"
comparator, built on the Base Carbone; 2023 values). They were **recalled, not re-read** when
this table was written: check them against impactco2.fr before quoting them. A leg's estimate
is factor x leg distance x number of travellers (the whole party's emissions); walking and
cycling count 0.

| class | g CO2e / passenger-km | impactCO2 entry |
|---|---|---|
| ``tgv`` | 2.93 | TGV |
| ``intercity`` | 8.91 | Intercités |
| ``ter`` | 24.8 | TER |
| ``urban-rail`` | 4.4 | Métro / tramway |
| ``coach`` | 29.5 | Autocar (thermique) |
| ``bus`` | 104 | Bus thermique (urbain) |
| ``boat`` | 110 | not in impactCO2: Base Carbone small passenger boat, order of magnitude |
| ``walk``, ``bike`` | 0 | Marche, vélo mécanique |
"""

from __future__ import annotations

from enum import StrEnum

from itinera.model.link import Mode

EMISSION_SOURCE = (
    "ADEME impactCO2 (impactco2.fr) transport factors, g CO2e per passenger-km, 2023 values "
    "recalled, not re-checked"
)


class EmissionClass(StrEnum):
    """Kinds of vehicles with their own emission factor (table in the module docstring)."""

    TGV = "tgv"
    INTERCITY = "intercity"
    TER = "ter"
    URBAN_RAIL = "urban-rail"
    COACH = "coach"
    BUS = "bus"
    BOAT = "boat"
    WALK = "walk"
    BIKE = "bike"


CO2_G_PER_PASSENGER_KM: dict[EmissionClass, float] = {
    EmissionClass.TGV: 2.93,
    EmissionClass.INTERCITY: 8.91,
    EmissionClass.TER: 24.8,
    EmissionClass.URBAN_RAIL: 4.4,
    EmissionClass.COACH: 29.5,
    EmissionClass.BUS: 104.0,
    EmissionClass.BOAT: 110.0,
    EmissionClass.WALK: 0.0,
    EmissionClass.BIKE: 0.0,
}
"""Grams of CO2e per passenger-kilometre (see the module docstring for the source)."""

_BY_MODE = {
    Mode.WALK: EmissionClass.WALK,
    Mode.BIKE: EmissionClass.BIKE,
    Mode.TRAIN: EmissionClass.TER,
    Mode.COACH: EmissionClass.COACH,
    Mode.BUS: EmissionClass.BUS,
    Mode.BOAT: EmissionClass.BOAT,
}


def class_of_mode(mode: Mode) -> EmissionClass:
    """Return the class of a leg known only by its mode (a train is then a TER).

    Examples
    --------
    >>> class_of_mode(Mode.TRAIN), class_of_mode(Mode.WALK)
    (<EmissionClass.TER: 'ter'>, <EmissionClass.WALK: 'walk'>)
    """
    return _BY_MODE[mode]


def class_of_route_type(route_type: int, mode: Mode) -> EmissionClass:
    """Return the class of a GTFS route from its (extended) ``route_type``.

    Extended types distinguish high-speed (101), long-distance (102, 103, 105) and regional
    (106...) rail, metros and trams; the basic type 2 (any rail) counts as regional, which a
    feed's configuration can override (``emission_class`` in ``manifest.toml``).

    Examples
    --------
    >>> class_of_route_type(101, Mode.TRAIN), class_of_route_type(204, Mode.COACH)
    (<EmissionClass.TGV: 'tgv'>, <EmissionClass.COACH: 'coach'>)
    """
    if route_type == 101:  # noqa: PLR2004 - GTFS extended code: high-speed rail
        return EmissionClass.TGV
    if route_type in {102, 103, 105}:
        return EmissionClass.INTERCITY
    if route_type in {0, 1, 5, 6, 7, 12} or 400 <= route_type < 1000:  # noqa: PLR2004
        return EmissionClass.BUS if mode is Mode.BUS else EmissionClass.URBAN_RAIL
    return class_of_mode(mode)


def co2_grams(emission_class: EmissionClass, distance_m: int, travellers: int) -> int:
    """Return the CO2e estimate in grams of ``travellers`` riding ``distance_m``.

    Examples
    --------
    >>> co2_grams(EmissionClass.TER, 92_500, 2)
    4588
    """
    return round(CO2_G_PER_PASSENGER_KM[emission_class] * distance_m / 1000 * travellers)
