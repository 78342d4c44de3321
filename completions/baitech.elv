
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
        &'baitech;help'= {
            cand serve 'Run the HTTP API server'
            cand health 'Check the store, the cache and optionally a running server'
            cand completions 'Print shell completions'
            cand seed 'Load the fixture set (admin account and demo data) and generate data at scale'
            cand cleanup 'Remove old messages and notifications, expired tokens and deleted conversations'
            cand indexes 'Create the indexes the product needs (idempotent)'
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
        &'baitech;help;help'= {
        }
    ]
    $completions[$command]
}
