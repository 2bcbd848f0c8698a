-- A loaded file with the same normalised content (another file, same rows).
select load_id
from meta.loads
where content_sha256 = $content_sha256 and status = 'loaded'
order by load_id
limit 1
