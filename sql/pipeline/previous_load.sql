-- The latest load of a file with these exact bytes (sha256): load_id, status, reason.
select
    load_id,
    status,
    reason
from meta.loads
where file_sha256 = $file_sha256
order by load_id desc
limit 1
