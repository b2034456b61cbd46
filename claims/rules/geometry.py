"""The map as a witness: GeoJSON of controlled territory (DeepState's, or any) read into one
shape per date, its area on the WGS84 ellipsoid, and the distance from a named place to its
edge.

Areas are geodesic (pyproj's `Geod`, Karney's algorithm), never areas of degrees; a
distance is measured in an azimuthal equidistant projection centred on the place, in
which every distance from the centre is the true one. Polygons that are not valid
(self-intersecting rings, rings that do not close) are refused with the feature and the
reason, never repaired in silence. shapely and pyproj load only when a map is read.

Pure: no database; the caller reads the file.
"""

import functools
import tomllib
from typing import NamedTuple

from claims.basics.errors import ClaimsError
from claims.rules.published import date_in_name, parsed_json

POLYGONS = ("Polygon", "MultiPolygon")


class Map(NamedTuple):
    date: str
    shape: object  # a shapely (Multi)Polygon, the union of the file's polygons
    polygons: int


def read_map(name: str, text: str, as_of: str | None = None) -> Map:
    """A GeoJSON file of held territory, dated by `as_of`, its file name, or its own "name"
    (deepstatemap_data_20241031), in that order."""
    data = parsed_json(name, text, "GeoJSON")
    features = _features(name, data)
    date = as_of or date_in_name(name) or (date_in_name(str(data.get("name", ""))) if isinstance(data, dict) else None)
    if date is None:
        raise ClaimsError(f"{name}: a map carries no date: name the file with it "
                          "(deepstatemap_data_20241031.geojson) or give --as-of")
    shapes = [_polygon(name, number, feature) for number, feature in enumerate(features, 1)]
    shapes = [s for s in shapes if s is not None]
    if not shapes:
        raise ClaimsError(f"{name}: no Polygon or MultiPolygon: not a map of held territory")
    from shapely import union_all

    return Map(date, union_all(shapes), len(shapes))


def _features(name: str, data) -> list:
    kind = data.get("type") if isinstance(data, dict) else None
    if kind == "FeatureCollection" and isinstance(data.get("features"), list):
        return data["features"]
    if kind == "Feature":
        return [data]
    if kind in POLYGONS or kind == "GeometryCollection":
        return [{"type": "Feature", "geometry": data}]
    raise ClaimsError(f"{name}: not GeoJSON: expected a FeatureCollection, a Feature or a geometry")


def _polygon(name: str, number: int, feature):
    """The feature's polygon, checked; None for a point or a line (labels, arrows)."""
    geometry = feature.get("geometry") if isinstance(feature, dict) else None
    if not isinstance(geometry, dict) or geometry.get("type") not in POLYGONS:
        return None
    from shapely.geometry import shape
    from shapely.validation import explain_validity

    where = f"{name}: feature {number}"
    try:
        polygon = shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError) as error:
        raise ClaimsError(f"{where}: not a polygon: {error}") from None
    if polygon.is_empty:
        return None
    if not polygon.is_valid:
        reason, _, at = explain_validity(polygon).partition("[")
        place = f" at {at.rstrip(']')} (longitude latitude)" if at else ""
        raise ClaimsError(f"{where}: invalid polygon: {reason.lower()}{place}")
    return polygon


def area_km2(shape) -> float:
    """The area on the WGS84 ellipsoid, in square kilometres."""
    from pyproj import Geod

    area, _ = Geod(ellps="WGS84").geometry_area_perimeter(shape)
    return abs(area) / 1e6


class Place(NamedTuple):
    name: str
    lat: float
    lon: float


def load_places(text: str, name: str) -> list[Place]:
    """A gazetteer: [places] "Name" = { lat = ..., lon = ... }."""
    try:
        table = tomllib.loads(text).get("places", {})
    except tomllib.TOMLDecodeError as error:
        raise ClaimsError(f"{name}: not a gazetteer: {error}") from None
    places = []
    for place, where in table.items():
        lat, lon = (where.get(k) if isinstance(where, dict) else None for k in ("lat", "lon"))
        if not (isinstance(lat, int | float) and isinstance(lon, int | float)) or not (
                -90 <= lat <= 90 and -180 <= lon <= 180):
            raise ClaimsError(f"{name}: place {place!r} needs lat and lon in degrees")
        places.append(Place(place, float(lat), float(lon)))
    return places


def distance_km(shape, place: Place) -> float:
    """From the place to the nearest point of the held area's edge, in kilometres; 0 when
    the place lies inside the held area.

    Only the part of the edge near the place is projected: the nearest point in degrees
    bounds how far the nearest point in kilometres can be (a degree of longitude is never
    longer than one of latitude), so a box of that size around the place holds it."""
    import math

    from shapely import box, transform
    from shapely.geometry import Point

    here = Point(place.lon, place.lat)
    if shape.contains(here):
        return 0.0
    reach = shape.distance(here) * 1.01 + 0.01  # degrees of latitude
    wide = reach / max(math.cos(math.radians(place.lat)), 0.01)
    near = shape.boundary.intersection(box(place.lon - wide, place.lat - reach, place.lon + wide, place.lat + reach))
    local = transform(near, lambda xy: _projected(_local_projection(place.lat, place.lon), xy))
    return local.distance(Point(0, 0)) / 1000


@functools.lru_cache(maxsize=256)
def _local_projection(lat: float, lon: float):
    """Degrees to metres in an azimuthal equidistant projection centred on (lat, lon)."""
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", f"+proj=aeqd +lat_0={lat} +lon_0={lon} +ellps=WGS84 +units=m",
                                always_xy=True)


def _projected(transformer, xy):
    import numpy

    x, y = transformer.transform(xy[:, 0], xy[:, 1])
    return numpy.column_stack([x, y])
