<?php
// PHP's built-in server runs this before every request: it names our own WordPress config file
// (/etc/wordpress/config-zonemap-test.php; Debian's wp-config.php honours WORDPRESS_CONFIG), so
// a WordPress this machine already has for 127.0.0.1 is left untouched. Then the request is
// served as usual.
$_SERVER['WORDPRESS_CONFIG'] = 'zonemap-test';
return false;
