
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
        &'baitech;help'= {
            cand serve 'Run the HTTP API server'
            cand health 'Check the store, the cache and optionally a running server'
            cand completions 'Print shell completions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'baitech;help;serve'= {
        }
        &'baitech;help;health'= {
        }
        &'baitech;help;completions'= {
        }
        &'baitech;help;help'= {
        }
    ]
    $completions[$command]
}
