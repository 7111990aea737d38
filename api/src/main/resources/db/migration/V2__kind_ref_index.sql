-- Pages filtered by kind and ordered by ref (the default order) read this index in order and stop
-- after the page, instead of reading every entity of the kind and sorting.
CREATE INDEX entities_kind_key ON entities (lower(kind), entity_key);
