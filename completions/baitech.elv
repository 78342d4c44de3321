
use builtin;
use str;

set edit:completion:arg-completer[baitech] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'baitech'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'baitech'= {
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand serve 'Run the HTTP API server'
            cand health 'Check the store, the cache and optionally a running server'
            cand completions 'Print shell completions'
            cand seed 'Load the fixture set (admin account and demo data) and generate data at scale'
            cand cleanup 'Remove old messages and notifications, expired tokens and deleted conversations'
            cand indexes 'Create the indexes the product needs (idempotent)'
            cand settlements 'Transactions, payout batches, reconciliation of the books and technician payouts'
            cand disputes 'Bookings in dispute: list them, show one, settle one as an admin'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'baitech;serve'= {
            cand --addr 'Listen address [env: BAITECH_ADDR, PORT; default 127.0.0.1:5000]'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --no-indexes 'Skip creating indexes at start-up in development'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;health'= {
            cand --url 'Also check a running server''s /health/ready, e.g. http://127.0.0.1:5000'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --no-stats 'Skip the per-collection statistics'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;completions'= {
            cand --out-dir 'Write the script into this directory instead of printing it'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;seed'= {
            cand --users 'Generate this many users (~40% technicians, the rest customers)'
            cand --posts 'Generate this many posts by technicians'
            cand --bookings 'Generate this many bookings between customers and technicians, in every state'
            cand --messages 'Generate this many chat messages (in conversations of about twenty)'
            cand --seed 'Random seed; the same seed and --as-of give the same data (default: random, reported)'
            cand --batch-size 'Documents per bulk insert'
            cand --as-of 'The "now" of generated data, RFC 3339 (default: the start of today, UTC)'
            cand --admin-password 'Password of admin@baitech.co.ke (default: generated and printed once)'
            cand --demo-password 'Password of the other fixture users (default: generated and printed once)'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --no-fixtures 'Do not load the fixture set, only generate'
            cand --reset 'Delete every document of every collection first'
            cand --force 'Allow seeding a production environment'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;cleanup'= {
            cand --batch-size 'Documents per delete batch'
            cand --message-days 'Remove messages older than this many days [default: MESSAGE_RETENTION_DAYS or 90]'
            cand --notification-days 'Remove read notifications older than this many days [default: NOTIFICATION_RETENTION_DAYS or 30]'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --dry-run 'Count what each rule would remove; change nothing'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;indexes'= {
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --dry-run 'Report what would be created or rebuilt; change nothing'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;settlements'= {
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Transactions, newest first, filtered'
            cand batches 'Payout batches, newest first'
            cand reconcile 'Check that the books balance; exits 1 when anything does not add up'
            cand payout 'Pay technicians what they are owed over M-Pesa (a dry run unless --execute)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'baitech;settlements;list'= {
            cand --status 'Only these statuses (comma-separated)'
            cand --type 'Only this type'
            cand --gateway 'Only this gateway'
            cand --user 'Only transactions this user paid (user id)'
            cand --booking 'Only this booking''s transactions (booking id)'
            cand --from 'Created at or after this time (RFC 3339)'
            cand --to 'Created at or before this time (RFC 3339)'
            cand --limit 'At most this many transactions (the store is read page by page)'
            cand --format 'Output format (`--json` means json)'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;settlements;batches'= {
            cand --status 'Only these statuses (comma-separated)'
            cand --limit 'At most this many batches'
            cand --format 'Output format (`--json` means json)'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;settlements;reconcile'= {
            cand --escrow-grace-hours 'Report escrow held this many hours past its release time'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;settlements;payout'= {
            cand --min-amount 'Pay only technicians owed at least this much (KES, e.g. 100 or 250.50)'
            cand --admin 'E-mail of the admin recorded as creating the batch [default: the first active admin]'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --execute 'Pay for real; without it nothing is paid'
            cand -y 'Do not ask for confirmation (needed without a terminal)'
            cand --yes 'Do not ask for confirmation (needed without a terminal)'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;settlements;help'= {
            cand list 'Transactions, newest first, filtered'
            cand batches 'Payout batches, newest first'
            cand reconcile 'Check that the books balance; exits 1 when anything does not add up'
            cand payout 'Pay technicians what they are owed over M-Pesa (a dry run unless --execute)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'baitech;settlements;help;list'= {
        }
        &'baitech;settlements;help;batches'= {
        }
        &'baitech;settlements;help;reconcile'= {
        }
        &'baitech;settlements;help;payout'= {
        }
        &'baitech;settlements;help;help'= {
        }
        &'baitech;disputes'= {
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Bookings in dispute, newest first'
            cand show 'One dispute: parties, timeline, evidence, money, audit trail and the booking''s chat'
            cand resolve 'Settle a dispute as an admin: refund the customer, release to the technician, or split'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'baitech;disputes;list'= {
            cand --limit 'At most this many bookings'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;disputes;show'= {
            cand --messages 'Show this many of the chat''s last messages'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;disputes;resolve'= {
            cand --outcome 'How the dispute is settled (asked for at a terminal when left out)'
            cand --amount 'Refund to the customer in KES: required for refund_partial; split defaults to half'
            cand --reason 'Why (kept on the booking and in the audit log)'
            cand --admin 'E-mail of the admin acting [default: the first active admin]'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand -y 'Do not ask for confirmation (needed without a terminal)'
            cand --yes 'Do not ask for confirmation (needed without a terminal)'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;disputes;help'= {
            cand list 'Bookings in dispute, newest first'
            cand show 'One dispute: parties, timeline, evidence, money, audit trail and the booking''s chat'
            cand resolve 'Settle a dispute as an admin: refund the customer, release to the technician, or split'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'baitech;disputes;help;list'= {
        }
        &'baitech;disputes;help;show'= {
        }
        &'baitech;disputes;help;resolve'= {
        }
        &'baitech;disputes;help;help'= {
        }
        &'baitech;help'= {
            cand serve 'Run the HTTP API server'
            cand health 'Check the store, the cache and optionally a running server'
            cand completions 'Print shell completions'
            cand seed 'Load the fixture set (admin account and demo data) and generate data at scale'
            cand cleanup 'Remove old messages and notifications, expired tokens and deleted conversations'
            cand indexes 'Create the indexes the product needs (idempotent)'
            cand settlements 'Transactions, payout batches, reconciliation of the books and technician payouts'
            cand disputes 'Bookings in dispute: list them, show one, settle one as an admin'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'baitech;help;serve'= {
        }
        &'baitech;help;health'= {
        }
        &'baitech;help;completions'= {
        }
        &'baitech;help;seed'= {
        }
        &'baitech;help;cleanup'= {
        }
        &'baitech;help;indexes'= {
        }
        &'baitech;help;settlements'= {
            cand list 'Transactions, newest first, filtered'
            cand batches 'Payout batches, newest first'
            cand reconcile 'Check that the books balance; exits 1 when anything does not add up'
            cand payout 'Pay technicians what they are owed over M-Pesa (a dry run unless --execute)'
        }
        &'baitech;help;settlements;list'= {
        }
        &'baitech;help;settlements;batches'= {
        }
        &'baitech;help;settlements;reconcile'= {
        }
        &'baitech;help;settlements;payout'= {
        }
        &'baitech;help;disputes'= {
            cand list 'Bookings in dispute, newest first'
            cand show 'One dispute: parties, timeline, evidence, money, audit trail and the booking''s chat'
            cand resolve 'Settle a dispute as an admin: refund the customer, release to the technician, or split'
        }
        &'baitech;help;disputes;list'= {
        }
        &'baitech;help;disputes;show'= {
        }
        &'baitech;help;disputes;resolve'= {
        }
        &'baitech;help;help'= {
        }
    ]
    $completions[$command]
}
