export const pluginId = 'portolan';
