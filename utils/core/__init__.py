"""What every lesson shares and that holds no clinical content: the data layer, citations, figure style, the
explorer and twin toolkit, self-checks, text helpers and the course map. Imports nothing from models or
lessons."""
