# tests/: unit drivers, golden fixture hosts, fuzz replay drivers.
